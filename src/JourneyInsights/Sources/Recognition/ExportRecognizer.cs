using System.Globalization;
using System.Text.Json;

namespace JourneyInsights.Sources;

/// <summary>
/// Recognises an export file with the loader's own sniffing (<see cref="SourceSample"/>: encoding, preamble and header
/// line, separator; <see cref="SourceLayout"/>'s date-format choice), so that what <c>journey init</c> recognises is what
/// the load reads: which vendor layout it has, which rows are headers, which formats its dates are in, and the column map
/// that reads it: the vendor's preset when it reads the sample as it is, otherwise an inline map derived from the preset
/// (renamed columns, other date formats, more header rows, more lifecycle-date columns). A preset that joins other files
/// (Salesforce's OpportunityContactRole.csv and Contact.csv) finds them among the files given with it. Files that cannot
/// give a journey are refused with the reason.
/// </summary>
public static class ExportRecognizer
{
    /// <summary>Share of sample rows a map must read without rejection.</summary>
    public const double MinAcceptedShare = 0.95;

    /// <summary>Recognises one file on its own. Never throws for a bad file: a file that cannot be used comes back with a <see cref="ExportRecognition.Refusal"/>.</summary>
    public static ExportRecognition Recognize(string path) => Recognize(path, []);

    /// <summary>
    /// Recognises one file; <paramref name="others"/> are the files given with it, among which the files a preset joins
    /// are looked for (before the file of the join's name beside it). Never throws for a bad file.
    /// </summary>
    public static ExportRecognition Recognize(string path, IReadOnlyList<string> others)
    {
        var evidence = new List<string>();
        ExportRecognition Refuse(string why, KnownLayout? layout = null) => new()
        {
            Path = path, Layout = layout?.Name, Kind = layout?.Kind ?? default, Refusal = why, Evidence = evidence,
        };

        var full = System.IO.Path.GetFullPath(path);
        if (InputFile.Refusal(full, "an export file (CSV or .csv.gz)") is { } notAFile) return Refuse(notAFile);
        if (!File.Exists(full)) return Refuse($"file not found (looked for {full})");
        SourceSample sample;
        string? declare;
        try { (sample, declare) = Sniff(full, path, evidence); }
        catch (SourceFileException ex) { return Refuse(ex.Line > 0 ? $"line {ex.Line}: {ex.Problem}" : ex.Problem); }
        catch (IOException ex) { return Refuse($"cannot be read: {ex.Message}"); }
        var lines = sample.Lines;
        if (lines.All(l => l.Trim().Length == 0)) return Refuse("the file is empty");

        // An Excel 'sep=;' hint line: the loader's CSV reader reads and skips it.
        var hint = lines[0].Length == 5 && lines[0].StartsWith("sep=", StringComparison.OrdinalIgnoreCase);
        char? hinted = hint ? lines[0][4] : null;
        var first = hint ? 1 : 0;
        var table = first;
        while (table < lines.Count && (lines[table].StartsWith('#') || lines[table].Trim().Length == 0)) table++;
        if (table > first) evidence.Add($"{table - first} line(s) before the table start with '#' or are blank (a preamble the loader skips)");
        if (table >= lines.Count) return Refuse("no table found after the preamble");

        // The layout: the first of the first lines (as the loader searches for its header) whose names have a known signature.
        for (var i = table; i < Math.Min(lines.Count, SourceSample.HeaderSearchLines); i++)
        {
            if (lines[i].StartsWith('#') || lines[i].Trim().Length == 0) continue;
            var names = SourceSample.Fields(lines[i], hinted);
            var layout = KnownLayouts.All.FirstOrDefault(l => l.Matches(names));
            if (layout is null) continue;
            evidence.Add($"line {i + 1}: {names.Length} columns; {layout.Name}: it has {layout.DescribeSignature()}");
            if (layout.Refusal is not null) return Refuse(layout.Refusal, layout);
            try { return Derive(path, full, sample, i + 1, hinted, hint, declare, layout, evidence, others); }
            catch (SourceFileException ex) { return Refuse(ex.Problem, layout); }
        }

        var shown = SourceSample.Fields(lines[table], hinted);
        return Refuse($"unknown layout: the header on line {table + 1} is {Quote(shown.Take(30))}{(shown.Length > 30 ? $" and {shown.Length - 30} more" : "")}; " +
                      $"known exports: {string.Join("; ", KnownLayouts.All.Where(l => l.Refusal is null).Select(l => $"{l.Name} ({l.DescribeSignature()})"))}. " +
                      "For another layout write a column map (docs/configuration.md, section 4.2) and add the source by hand");
    }

    /// <summary>
    /// The loader's sample of the file read with <c>"encoding": "auto"</c>, and the encoding to declare so the load reads it
    /// the same way (null: UTF-8, or a byte-order mark that every load honours).
    /// </summary>
    private static (SourceSample Sample, string? Declare) Sniff(string full, string path, List<string> evidence)
    {
        var sample = SourceSample.Read(full, path, "auto");
        var encoding = sample.Encoding;
        string? declare = null;
        string why;
        switch (encoding.Reason)
        {
            case "byte-order mark":
                why = $"{encoding.Name} byte-order mark";
                break;
            case "detected":
                declare = encoding.Name;
                why = "no byte-order mark, but every other byte is zero";
                break;
            case "not valid UTF-8":
                declare = encoding.Name;
                try
                {
                    SourceSample.Read(full, path, "utf-8");
                    why = "not UTF-8 after the first MiB; read as Windows-1252";
                }
                catch (SourceFileException ex)
                {
                    // The loader's own message: "byte offset N: the byte 0xE8 is not valid UTF-8. ..."
                    why = $"not UTF-8: line {ex.Line}, {ex.Problem[..(ex.Problem.IndexOf(" is not valid UTF-8", StringComparison.Ordinal) is var end && end > 0 ? end : ex.Problem.Length)]} is invalid UTF-8; read as Windows-1252";
                }
                break;
            default:
                why = "every byte is valid UTF-8";
                break;
        }
        evidence.Add($"encoding {encoding.Name}: {why}");
        return (sample, declare);
    }

    private static ExportRecognition Derive(string path, string full, SourceSample sample, int signatureLine, char? hinted, bool hint, string? declare,
        KnownLayout layout, List<string> evidence, IReadOnlyList<string> others)
    {
        var preset = ColumnMapPresets.Get(layout.Preset!);
        ExportRecognition Refuse(string why) => new() { Path = path, Layout = layout.Name, Kind = layout.Kind, Refusal = why, Evidence = evidence };

        // 0. The header line the loader finds with the preset (the first line holding its required columns), when that comes
        //    before the signature's line: a legacy Qualtrics export's V1..V10 codes, whose next line (the names) is a header row.
        var headerLine = signatureLine;
        var loaderLine = sample.HeaderLine(preset, hinted);
        if (loaderLine < signatureLine && signatureLine - loaderLine <= layout.MaxExtraHeaderRows
            && HeaderMapping.RequiredFound(SourceSample.Fields(sample.Lines[loaderLine - 1], hinted), preset) > 0)
        {
            headerLine = loaderLine;
            evidence.Add($"the column names on line {signatureLine} are a header row under the codes of line {headerLine}, which the loader reads as the header");
        }
        var (headerFields, records) = sample.Records(headerLine, hinted, out var separator);
        var header = headerFields.Select(f => f.Trim()).ToList();
        var rows = records;
        var review = new List<string>(layout.Review);
        var changes = new List<string>();
        evidence.Add($"delimiter '{Show(separator)}'{(hint ? $": the first line is the Excel hint 'sep={separator}'" : ": as the loader's CSV reader detects it from the header")}");

        // Joined files: each join of the preset is found among the other files given (by its columns), or beside the file.
        var joins = new Dictionary<string, string>(StringComparer.Ordinal);
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var join in preset.Joins ?? [])
        {
            var needed = join.On.Values.Concat(preset.Columns.Select(c => c.Column).Where(c => c.StartsWith(join.Name + ".", StringComparison.Ordinal)).Select(c => c[(join.Name.Length + 1)..]))
                .Concat((join.Filter ?? []).Select(f => f.Column)).Distinct(StringComparer.Ordinal).ToList();
            var beside = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, join.File);
            var candidates = others.Select(System.IO.Path.GetFullPath).Where(o => o != full)
                .OrderByDescending(o => string.Equals(System.IO.Path.GetFileName(o), join.File, StringComparison.OrdinalIgnoreCase))
                .Append(beside).Distinct(StringComparer.Ordinal);
            var found = candidates.FirstOrDefault(c => HasColumns(c, needed, declare));
            if (found is not null)
            {
                joins[join.Name] = found;
                evidence.Add($"join {join.Name}: {System.IO.Path.GetFileName(found)} has {Quote(needed)}");
                continue;
            }
            var fileHint = $"give {join.File} (columns {Quote(needed)}) with it";
            if (join.Required)
                return Refuse($"{layout.Name}: the rows name no {join.Name} row to read the person from: {fileHint}{(layout.MissingHint is { } mh ? $"; {mh}" : "")}");
            dropped.Add(join.Name);
            review.Add($"no {join.File} was given, so the columns read from it ({Quote(needed.Except(join.On.Values))}) stay empty: {fileHint} to have them");
        }
        var presetDropsJoin = dropped.Count > 0;

        int Find(string column) => header.FindIndex(x => string.Equals(x, column.Trim(), StringComparison.OrdinalIgnoreCase));
        var used = new HashSet<int>();

        // 1. Columns: the preset's name, else the vendor's other names for the field, else lifecycle dates found by pattern.
        var discovered = new Dictionary<string, int>(StringComparer.Ordinal);
        if (layout.Milestone is { } milestoneOf)
            for (var i = 0; i < header.Count; i++)
                if (milestoneOf(header[i]) is { } canonical && !discovered.ContainsKey(canonical)) discovered[canonical] = i;
        var specs = new List<(ColumnSpec Spec, int Index)>();
        var missing = new List<ColumnSpec>();
        foreach (var spec in preset.Columns)
        {
            if (ColumnMapChecks.JoinOf(spec.Column, preset) is { } joinName)
            {
                if (!dropped.Contains(joinName)) specs.Add((spec, -1)); // read from the joined file
                continue;
            }
            var at = Find(spec.Column);
            if (at < 0 && spec.Alternatives is { } alternatives) at = alternatives.Select(Find).FirstOrDefault(i => i >= 0 && !used.Contains(i), -1);
            if (at < 0 && layout.Aliases.TryGetValue(spec.Field, out var aliases))
                at = aliases.Select(Find).FirstOrDefault(i => i >= 0 && !used.Contains(i), -1);
            if (at < 0 && spec.Milestone && discovered.TryGetValue(Canonical(spec.Field), out var m)) at = m;
            if (at < 0) { missing.Add(spec); continue; }
            used.Add(at);
            if (!string.Equals(header[at], spec.Column, StringComparison.OrdinalIgnoreCase) && spec.Alternatives?.Contains(header[at], StringComparer.OrdinalIgnoreCase) != true)
                changes.Add($"'{spec.Field}' is in column '{header[at]}' (the preset expects '{spec.Column}')");
            specs.Add((spec with { Column = header[at] }, at));
        }
        var milestonePrefix = preset.Columns.Any(c => c.Milestone && c.Field.StartsWith("became_", StringComparison.Ordinal)) ? "became_" : "";
        var milestoneFormats = preset.Columns.FirstOrDefault(c => c.Milestone)?.Formats;
        foreach (var (canonical, at) in discovered.OrderBy(d => d.Value))
        {
            if (used.Contains(at)) continue;
            used.Add(at);
            var field = milestonePrefix + canonical;
            if (specs.Any(s => s.Spec.Field == field)) continue;
            specs.Add((new ColumnSpec { Field = field, Column = header[at], Type = FieldType.DateTime, Milestone = true, Optional = true, Formats = milestoneFormats }, at));
            changes.Add($"lifecycle dates '{header[at]}' become milestone '{field}'");
        }

        // Survey question texts: in the header (SurveyMonkey) or the row under the column ids (Qualtrics).
        if (layout.QuestionTexts)
            foreach (var field in new[] { CanonicalFields.Nps, CanonicalFields.Csat, CanonicalFields.Ces, CanonicalFields.EmotionLabel, CanonicalFields.Comment })
            {
                if (specs.Any(s => s.Spec.Field == field)) continue;
                for (var i = 0; i < header.Count; i++)
                {
                    if (used.Contains(i)) continue;
                    var question = KnownLayouts.Question(header[i]) ?? (rows.Count > 0 && i < rows[0].Fields.Length ? KnownLayouts.Question(rows[0].Fields[i]) : null);
                    if (question is not { } q || q.Field != field) continue;
                    used.Add(i);
                    specs.Add((new ColumnSpec { Field = field, Column = header[i], Type = q.Type, Min = q.Min, Max = q.Max, Optional = true }, i));
                    changes.Add($"'{field}' is in column '{header[i]}' (from its question text)");
                    break;
                }
            }

        foreach (var spec in missing)
        {
            var requiredOfKind = CanonicalFields.RequiredFor(preset.Kind).Contains(spec.Field);
            if (!spec.Required && !requiredOfKind) continue;
            var names = new[] { spec.Column }.Concat(spec.Alternatives ?? []).Concat(layout.Aliases.GetValueOrDefault(spec.Field) ?? []).Distinct(StringComparer.OrdinalIgnoreCase);
            var hintText = layout.MissingHint is { } mh ? $"; {mh}" : "";
            return Refuse(spec.Field == CanonicalFields.Timestamp
                ? $"no per-row date: the file has none of the columns {Quote(names)}, and a {KindWord(preset.Kind)} without a date cannot be placed in the journey{hintText}"
                : $"missing column {Quote(names)} ('{spec.Field}'); found: {Quote(header.Take(30))}{hintText}");
        }

        // 2. Header rows after the column names, found from the date column: rows whose date does not read are headers.
        var timeSpecs = specs.Where(s => s.Index >= 0 && CanonicalFields.IsTime(s.Spec.Type)).ToList();
        if (timeSpecs.Count == 0)
            return Refuse($"no per-row date: none of the date columns of a {layout.Name} ({Quote(preset.Columns.Where(c => CanonicalFields.IsTime(c.Type)).Select(c => c.Column))}) is in the file, so no record can be placed in time");
        var key = timeSpecs.FirstOrDefault(s => s.Spec.Field == CanonicalFields.Timestamp);
        if (key.Spec is null) key = timeSpecs.OrderByDescending(s => rows.Count(r => Cell(r, s.Index).Length > 0)).First();
        var extra = 0;
        if (layout.MaxExtraHeaderRows > 0)
        {
            var body = rows.Skip(layout.MaxExtraHeaderRows).ToList();
            var keyFormats = Formats(key.Spec, Values(body.Count > 0 ? body : rows, key.Index), path, []);
            while (extra < Math.Min(layout.MaxExtraHeaderRows, rows.Count) && !Reads(Cell(rows[extra], key.Index), keyFormats)) extra++;
            if (extra > 0) evidence.Add($"{extra} more header row(s) after the column names (line {rows[0].Line}{(extra > 1 ? $" to {rows[extra - 1].Line}" : "")}: '{key.Spec.Column}' holds no date there)");
        }
        var data = rows.Skip(extra).ToList();
        if (data.Count == 0)
            return Refuse($"no data rows after the header (line {headerLine}{(extra > 0 ? $" and {extra} more header row(s)" : "")})");

        // 3. Dates: the formats the loader chooses from the sample (the preset's when they read it, else the common export
        //    formats); a sample that cannot tell month-first from day-first is refused with the loader's message.
        var presetFormatsRead = true;
        for (var s = 0; s < specs.Count; s++)
        {
            var (spec, at) = specs[s];
            if (at < 0 || !CanonicalFields.IsTime(spec.Type)) continue;
            var values = Values(data, at);
            var essential = spec.Required || spec == key.Spec;
            if (values.Count == 0)
            {
                if (essential) return Refuse($"no per-row date: column '{spec.Column}' is empty in all {data.Count} sampled rows");
                continue;
            }
            var warnings = new List<SourceWarning>();
            var formats = Formats(spec, values, path, warnings);
            var fitting = formats.Where(f => values.Any(v => DateFormats.TryRead(v.Value, f, out _))).ToList();
            var read = values.Count(v => Reads(v.Value, fitting));
            if (fitting.Count == 0)
            {
                var examples = Quote(values.Select(v => v.Value).Distinct().Take(3));
                if (essential) return Refuse($"no per-row date: column '{spec.Column}' holds values like {examples}, which are not dates in any format this reads; declare its formats in a column map");
                specs.RemoveAt(s--);
                review.Add($"column '{spec.Column}' was left out: values like {examples} are not dates");
                continue;
            }
            evidence.Add($"dates in '{spec.Column}': {string.Join(", ", fitting.Select(f => $"'{f}'"))} ({read} of {values.Count} sample values)");
            if (warnings.Count > 0)
            {
                // The preset's formats do not read the column (the loader would fall back to the common formats with a warning).
                presetFormatsRead = false;
                changes.Add($"'{spec.Column}' holds dates like '{values[0].Value}', not in the preset's formats");
                specs[s] = (spec with { Formats = fitting }, at);
            }
        }
        if (preset.Kind == SourceKind.Crm && !specs.Any(x => x.Index >= 0 && CanonicalFields.IsTime(x.Spec.Type) && data.Any(r => Cell(r, x.Index).Length > 0)))
            return Refuse("no per-row date: no contact in the sample has a create date or a lifecycle date, so none can be placed in the journey");

        // 4. Accepted values: the vendor's other labels (HubSpot UI labels next to internal names); otherwise the rule goes.
        for (var s = 0; s < specs.Count; s++)
        {
            var (spec, at) = specs[s];
            if (at < 0 || spec.AcceptedValues is not { } accepted) continue;
            var values = data.Select(r => Cell(r, at)).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            bool All(IEnumerable<string> set) { var ok = new HashSet<string>(set, StringComparer.OrdinalIgnoreCase); return values.All(ok.Contains); }
            if (All(accepted)) continue;
            var wider = accepted.Concat(layout.ExtraAccepted.GetValueOrDefault(spec.Field) ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (All(wider))
            {
                specs[s] = (spec with { AcceptedValues = wider }, at);
                changes.Add($"'{spec.Column}' holds labels like {Quote(values.Where(v => !accepted.Contains(v, StringComparer.OrdinalIgnoreCase)).Take(3))}; they are accepted too");
            }
            else
            {
                specs[s] = (spec with { AcceptedValues = null }, at);
                var odd = values.Where(v => !wider.Contains(v, StringComparer.OrdinalIgnoreCase)).Take(3);
                changes.Add($"'{spec.Column}' holds values outside the preset's list ({Quote(odd)})");
                review.Add($"the accepted-values rule of '{spec.Column}' was left out: the file holds {Quote(odd)}");
            }
        }

        // 5. The time zone a Qualtrics export states in its ImportId row.
        var zone = "UTC";
        var zoneFromFile = false;
        if (layout.ImportIdTimeZone)
            for (var r = 0; r < extra; r++)
                if (ImportIdTimeZone(Cell(rows[r], key.Index)) is { } z)
                {
                    zone = z; zoneFromFile = true;
                    evidence.Add($"time zone {z}: from the ImportId row (line {rows[r].Line}) of '{key.Spec.Column}'");
                    break;
                }

        var fields = specs.Select(x => x.Spec.Field).ToHashSet(StringComparer.Ordinal);
        var derived = preset with
        {
            Name = preset.Name + " (drafted by journey init)",
            Description = $"Drafted by journey init from {System.IO.Path.GetFileName(path)}: {layout.Name}.",
            ExtraHeaderRows = extra,
            MaxExtraHeaderRows = 0,
            Columns = specs.Select(x => x.Spec).ToList(),
            Joins = preset.Joins?.Where(j => !dropped.Contains(j.Name)).ToList() is { Count: > 0 } kept ? kept : null,
            RequireAnyOf = preset.RequireAnyOf?.All(g => g.All(fields.Contains)) == true ? preset.RequireAnyOf : null,
        };
        // The loader finds the header itself (the first line with the map's required columns); where it would not find this
        // one, the derived map says which line it is.
        if (sample.HeaderLine(derived, hinted) != headerLine) derived = derived with { HeaderRow = headerLine };
        var presetFields = preset.Columns.Where(c => ColumnMapChecks.JoinOf(c.Column, preset) is not null || HeaderMapping.Find(header, c) >= 0).Select(c => c.Field).ToHashSet(StringComparer.Ordinal);
        // A preset with maxExtraHeaderRows finds up to that many header rows itself.
        var presetHeaderRowsFit = preset.MaxExtraHeaderRows > 0 ? extra <= preset.MaxExtraHeaderRows : preset.ExtraHeaderRows == extra;
        var (rowsChecked, presetAccepted) = SampleCheck(preset, header, data, path);
        var (_, derivedAccepted) = SampleCheck(derived, header, data, path);
        var presetFits = presetHeaderRowsFit && !presetDropsJoin && presetFormatsRead && presetFields.SetEquals(fields) && presetAccepted >= derivedAccepted
                         && presetAccepted >= MinAcceptedShare * rowsChecked && sample.HeaderLine(preset, hinted) == headerLine;
        if (!presetFits && !presetHeaderRowsFit)
            changes.Add($"{extra} header row(s) after the column names, not {preset.ExtraHeaderRows}");
        var map = presetFits ? preset : derived;
        var readRows = presetFits ? presetAccepted : derivedAccepted;
        evidence.Add(presetFits
            ? $"column map: preset '{preset.Name}' reads it as it is ({presetAccepted} of {rowsChecked} sample rows)"
            : $"column map: inline, derived from preset '{preset.Name}' ({derivedAccepted} of {rowsChecked} sample rows; the preset reads {presetAccepted}): {string.Join("; ", changes)}");
        if (!presetFits) review.Add($"an inline column map derived from preset '{preset.Name}': check the columns it maps");
        if (readRows < MinAcceptedShare * rowsChecked)
            review.Add($"only {readRows} of {rowsChecked} sample rows are read without a rejection: run journey validate --rejected rejected.csv to see why");

        return new ExportRecognition
        {
            Path = path, Layout = layout.Name, Kind = preset.Kind, Preset = presetFits ? preset.Name : null, Map = map,
            Encoding = declare,
            Delimiter = separator == ',' || hint ? null : Show(separator),
            TimeZone = zone, TimeZoneFromFile = zoneFromFile, Evidence = evidence, Review = review,
            SampleRows = rowsChecked, SampleAccepted = readRows, JoinFiles = joins,
        };
    }

    /// <summary>Whether the file's header (read as the loader samples it) has every one of <paramref name="columns"/>.</summary>
    private static bool HasColumns(string file, IReadOnlyList<string> columns, string? encoding)
    {
        if (!File.Exists(file) || InputFile.NotARegularFile(file) is not null) return false;
        try
        {
            var sample = SourceSample.Read(file, file, encoding ?? "auto");
            var header = sample.Records(sample.HeaderLine(null), null, 0).Header;
            return columns.All(c => HeaderMapping.Find(header, c) >= 0);
        }
        catch (Exception ex) when (ex is SourceFileException or IOException) { return false; }
    }

    /// <summary>The formats the loader reads a date column with, chosen from these values (<see cref="SourceLayout.ChooseFormats"/>).</summary>
    private static IReadOnlyList<string> Formats(ColumnSpec spec, List<(string Value, long Line)> values, string path, List<SourceWarning> warnings) =>
        SourceLayout.ChooseFormats(spec, spec.Column, values, path, warnings)
        ?? spec.Formats ?? (spec.Type == FieldType.Date ? DateFormats.CommonDateFormats : DateFormats.CommonDateTimeFormats);

    private static bool Reads(string value, IReadOnlyList<string> formats) =>
        value.Length > 0 && formats.Any(f => DateFormats.TryRead(value, f, out _));

    private static List<(string Value, long Line)> Values(IEnumerable<(string[] Fields, long Line)> rows, int at) =>
        rows.Select(r => (Value: Cell(r, at), r.Line)).Where(v => v.Value.Length > 0).ToList();

    /// <summary>Rows of the sample the map reads without a rejection (field count, required, type, range, accepted values), dates read as the loader reads them.</summary>
    private static (int Rows, int Accepted) SampleCheck(ColumnMap map, List<string> header, List<(string[] Fields, long Line)> data, string path)
    {
        var joined = map.Columns.Select(c => ColumnMapChecks.JoinOf(c.Column, map) is not null).ToArray();
        var index = map.Columns.Select((c, i) => joined[i] ? -1 : HeaderMapping.Find(header, c)).ToArray();
        if (map.Columns.Where((c, i) => index[i] < 0 && !joined[i] && !c.Optional).Any()) return (data.Count, 0);
        var parsers = new FieldParser[map.Columns.Count];
        for (var i = 0; i < parsers.Length; i++)
        {
            var spec = map.Columns[i];
            IReadOnlyList<string>? formats = null;
            if (index[i] >= 0 && spec.Type is FieldType.DateTime or FieldType.Date)
                try { formats = SourceLayout.ChooseFormats(spec, spec.Column, Values(data, index[i]), path, []); }
                catch (SourceFileException) { return (data.Count, 0); }
            parsers[i] = new FieldParser(spec, TimeZoneInfo.Utc, formats);
        }
        var accepted = 0;
        foreach (var (fields, _) in data)
        {
            if (fields.Length != header.Count) continue;
            var ok = true;
            for (var i = 0; i < parsers.Length && ok; i++)
            {
                if (index[i] < 0) continue;
                var text = fields[index[i]].Trim();
                if (text.Length == 0) { ok = !map.Columns[i].Required; continue; }
                ok = parsers[i].TryParse(text, out _, out _, out _);
            }
            if (ok) accepted++;
        }
        return (data.Count, accepted);
    }

    private static string? ImportIdTimeZone(string cell)
    {
        if (!cell.TrimStart().StartsWith('{')) return null;
        try
        {
            using var json = JsonDocument.Parse(cell);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("timeZone", out var tz) && tz.ValueKind == JsonValueKind.String)
            {
                var id = tz.GetString()!;
                if (id is "Z" or "UTC" or "Etc/UTC" or "GMT") return "UTC";
                return TimeZones.TryFind(id) is not null ? id : null;
            }
        }
        catch (JsonException) { }
        return null;
    }

    /// <summary>How a delimiter is written in a message and in journey.json: tab as <c>\t</c>.</summary>
    public static string Show(char delimiter) => delimiter == '\t' ? "\\t" : delimiter.ToString();

    private static string Canonical(string field) => field.StartsWith("became_", StringComparison.Ordinal) ? field[7..] : field;

    private static string Cell((string[] Fields, long Line) record, int index) => index >= 0 && index < record.Fields.Length ? record.Fields[index].Trim() : "";

    private static string KindWord(SourceKind kind) => kind switch { SourceKind.Analytics => "event", SourceKind.Crm => "contact", _ => "response" };

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
