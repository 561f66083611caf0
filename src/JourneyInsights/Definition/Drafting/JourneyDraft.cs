using JourneyInsights.Sources;

namespace JourneyInsights.Definition;

/// <summary>One input file of a draft: what was recognised, the source it became, and how its full load went.</summary>
public sealed record DraftedExport
{
    public required ExportRecognition Recognition { get; init; }
    /// <summary>The source name in the drafted definition, or null when the file is refused.</summary>
    public string? SourceName { get; init; }
    /// <summary>The load of the whole file with the drafted map (rows read, accepted, rejected and why), or null when refused.</summary>
    public SourceLoadReport? Load { get; init; }
    /// <summary>Why the file is refused: the recognition's reason, or the loader's when the whole file could not be read.</summary>
    public string? Refusal { get; init; }
    /// <summary>When the file is read as a join of another source (Salesforce's OpportunityContactRole.csv): that source and the join's name.</summary>
    public (string Source, string Join)? JoinedInto { get; init; }
}

/// <summary>
/// A journey definition drafted from export files (`journey init`): each file recognised (or refused with the
/// reason), loaded in full with the column map chosen for it, and the definition written as commented JSON whose
/// stages, touchpoint rules and identity setting come from what the files hold. The draft is read back with
/// <see cref="JourneyDefinitionReader"/> before it is offered, so what is written is a definition that loads.
/// </summary>
public sealed class JourneyDraft
{
    /// <summary>Every input file, in the order given.</summary>
    public required IReadOnlyList<DraftedExport> Exports { get; init; }
    /// <summary>The definition text (JSON with <c>//</c> comments), or null when no file could be used.</summary>
    public string? Text { get; init; }
    /// <summary>The drafted definition as read back, or null when no file could be used.</summary>
    public JourneyDefinition? Definition { get; init; }
    /// <summary>Comments marked REVIEW in <see cref="Text"/>: points the user should check.</summary>
    public int ReviewPoints { get; init; }

    /// <summary>
    /// Recognises and loads <paramref name="files"/> and drafts a definition to be saved as
    /// <paramref name="definitionPath"/> (source paths are written relative to its folder).
    /// </summary>
    public static JourneyDraft Create(IReadOnlyList<string> files, string definitionPath, CancellationToken cancellation = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(definitionPath))!;
        var exports = new List<DraftedExport>();
        var drafted = new List<(ExportRecognition Recognition, SourceDefinition Source, SourceTable Table)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var recognitions = files.Select(file => { cancellation.ThrowIfCancellationRequested(); return ExportRecognizer.Recognize(file, files); }).ToList();
        // Files a recognised source reads as a join (Salesforce's OpportunityContactRole.csv, Contact.csv) are not sources of their own.
        var joinedInto = new Dictionary<string, (int Recognition, string Join)>(StringComparer.Ordinal);
        for (var r = 0; r < recognitions.Count; r++)
            foreach (var (join, joinFile) in recognitions[r].JoinFiles)
                joinedInto.TryAdd(joinFile, (r, join));
        bool IsJoined(int r) => joinedInto.TryGetValue(Path.GetFullPath(recognitions[r].Path), out var into) && into.Recognition != r;
        var byFile = new DraftedExport?[recognitions.Count];
        for (var r = 0; r < recognitions.Count; r++)
        {
            cancellation.ThrowIfCancellationRequested();
            var recognition = recognitions[r];
            if (IsJoined(r)) continue;
            if (!recognition.Recognised)
            {
                byFile[r] = new DraftedExport { Recognition = recognition, Refusal = recognition.Refusal };
                continue;
            }
            var name = SourceName(recognition.Kind, names);
            var source = recognition.ToSource(name, directory);
            SourceTable table;
            try { table = CsvSource.Load(source, LoadOptions.Lenient, cancellation); }
            catch (SourceFileException ex)
            {
                byFile[r] = new DraftedExport { Recognition = recognition, Refusal = $"the loader cannot read the whole file: {ex.Message}" };
                continue;
            }
            names.Add(name);
            drafted.Add((recognition, source, table));
            byFile[r] = new DraftedExport { Recognition = recognition, SourceName = name, Load = table.Report };
        }
        for (var r = 0; r < recognitions.Count; r++)
        {
            if (!IsJoined(r)) continue;
            var (into, join) = joinedInto[Path.GetFullPath(recognitions[r].Path)];
            byFile[r] = byFile[into]!.SourceName is { } sourceName
                ? new DraftedExport { Recognition = recognitions[r], JoinedInto = (sourceName, join) }
                : new DraftedExport { Recognition = recognitions[r], Refusal = $"it is the {join} file of {recognitions[into].Path}, which cannot be used: {byFile[into]!.Refusal}" };
        }
        exports.AddRange(byFile.Select(e => e!));
        if (drafted.Count == 0) return new JourneyDraft { Exports = exports };

        var profile = ExportProfile.Of(drafted.Select(d => d.Table).ToList());
        var (stages, rules) = JourneyRulesDraft.Draft(profile);
        var text = JourneyDraftText.Render(drafted.Select(d => (d.Recognition, d.Source, d.Table.Report)).ToList(), profile, stages, rules,
            exports.Where(e => e.Refusal is not null).Select(e => (e.Recognition.Path, e.Refusal!)).ToList());
        var definition = JourneyDefinitionReader.Parse(text, directory, Path.GetFileName(definitionPath));
        return new JourneyDraft
        {
            Exports = exports, Text = text, Definition = definition,
            ReviewPoints = text.Split('\n').Count(l => l.Contains("REVIEW", StringComparison.Ordinal)),
        };
    }

    /// <summary>Writes the draft to <paramref name="path"/>; an existing file is replaced only when <paramref name="overwrite"/>.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public void Write(string path, bool overwrite)
    {
        if (Text is null) throw new InvalidOperationException("Nothing to write: no export could be used.");
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && !overwrite) throw new IOException($"{path} already exists; pass --force to replace it");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temporary, Text, new System.Text.UTF8Encoding(false));
        File.Move(temporary, full, overwrite: true);
    }

    private static string SourceName(SourceKind kind, HashSet<string> taken)
    {
        var stem = kind switch { SourceKind.Analytics => "web", SourceKind.Crm => "crm", _ => "survey" };
        if (!taken.Contains(stem)) return stem;
        for (var i = 2; ; i++)
            if (!taken.Contains($"{stem}-{i}")) return $"{stem}-{i}";
    }
}
