using System.Globalization;
using System.Text.Json;

namespace JourneyInsights.Sources;

/// <summary>
/// Recognises an export file from its head (<see cref="ExportHead"/>): which vendor layout it has, which rows are
/// headers, which formats its dates are in, and the column map that reads it: the vendor's preset when it reads the
/// sample as it is, otherwise an inline map derived from the preset (renamed columns, other date formats, more
/// header rows, more lifecycle-date columns). Files that cannot give a journey are refused with the reason.
/// </summary>
public static class ExportRecognizer
{
    /// <summary>Share of sample rows a map must read without rejection.</summary>
    public const double MinAcceptedShare = 0.95;
    private const int HeaderSearchRows = 5;

    /// <summary>Recognises one file. Never throws for a bad file: a file that cannot be used comes back with a <see cref="ExportRecognition.Refusal"/>.</summary>
    public static ExportRecognition Recognize(string path)
    {
        ExportHead sample;
        try { sample = ExportHead.Read(path); }
        catch (SourceFileException ex) { return new ExportRecognition { Path = path, Refusal = ex.Problem }; }

        var evidence = new List<string>
        {
            $"encoding {sample.Encoding}: {sample.EncodingEvidence}",
            $"delimiter '{ExportHead.Show(sample.Delimiter)}': {sample.DelimiterEvidence}",
        };
        if (sample.Preamble.Count > 0)
            evidence.Add($"{sample.Preamble.Count} line(s) before the table start with '#' or are blank (a report preamble)");
        if (sample.Records.Count == 0)
            return new ExportRecognition { Path = path, Refusal = "no table found after the preamble", Evidence = evidence };

        for (var h = 0; h < Math.Min(HeaderSearchRows, sample.Records.Count); h++)
        {
            var header = sample.Records[h].Fields.Select(f => f.Trim()).ToList();
            var layout = KnownLayouts.All.FirstOrDefault(l => l.Matches(header));
            if (layout is null) continue;
            evidence.Add($"header on line {sample.Records[h].Line}: {header.Count} columns; {layout.Name}: it has {layout.DescribeSignature()}");
            if (layout.Refusal is not null)
                return new ExportRecognition { Path = path, Layout = layout.Name, Kind = layout.Kind, Refusal = layout.Refusal, Evidence = evidence };
            var firstLine = sample.SeparatorHintLine ? 2 : 1;
            if (sample.Records[h].Line != firstLine)
            {
                var above = h > 0
                    ? $"line {sample.Records[0].Line} holds {Quote(sample.Records[0].Fields.Take(6))}{(sample.Records[0].Fields.Count > 6 ? ", ..." : "")}"
                    : $"{sample.Preamble.Count} preamble line(s) come first";
                return new ExportRecognition
                {
                    Path = path, Layout = layout.Name, Kind = layout.Kind, Evidence = evidence,
                    Refusal = $"the column names are on line {sample.Records[h].Line} ({above}); the loader reads the column names from line 1: remove the line(s) above them and run journey init again",
                };
            }
            return Derive(path, sample, h, layout, evidence);
        }

        var shown = sample.Records[0].Fields;
        return new ExportRecognition
        {
            Path = path, Evidence = evidence,
            Refusal = $"unknown layout: the header on line {sample.Records[0].Line} is {Quote(shown.Take(30))}{(shown.Count > 30 ? $" and {shown.Count - 30} more" : "")}; " +
                      $"known exports: {string.Join("; ", KnownLayouts.All.Where(l => l.Refusal is null).Select(l => $"{l.Name} ({l.DescribeSignature()})"))}. " +
                      "For another layout write a column map (docs/configuration.md, section 4.2) and add the source by hand",
        };
    }

    private static ExportRecognition Derive(string path, ExportHead sample, int h, KnownLayout layout, List<string> evidence)
    {
        var header = sample.Records[h].Fields.Select(f => f.Trim()).ToList();
        var rows = sample.Records.Skip(h + 1).ToList();
        var preset = ColumnMapPresets.Get(layout.Preset!);
        var review = new List<string>(layout.Review);
        var changes = new List<string>();
        ExportRecognition Refuse(string why) => new() { Path = path, Layout = layout.Name, Kind = layout.Kind, Refusal = why, Evidence = evidence };

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
            var at = Find(spec.Column);
            if (at < 0 && spec.Alternatives is { } alternatives) at = alternatives.Select(Find).FirstOrDefault(i => i >= 0 && !used.Contains(i), -1);
            if (at < 0 && layout.Aliases.TryGetValue(spec.Field, out var aliases))
                at = aliases.Select(Find).FirstOrDefault(i => i >= 0 && !used.Contains(i), -1);
            if (at < 0 && spec.Milestone && discovered.TryGetValue(Canonical(spec.Field), out var m)) at = m;
            if (at < 0) { missing.Add(spec); continue; }
            used.Add(at);
            if (!string.Equals(header[at], spec.Column, StringComparison.OrdinalIgnoreCase))
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
                    var question = KnownLayouts.Question(header[i]) ?? (rows.Count > 0 && i < rows[0].Fields.Count ? KnownLayouts.Question(rows[0].Fields[i]) : null);
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
            var names = new[] { spec.Column }.Concat(layout.Aliases.GetValueOrDefault(spec.Field) ?? []).Distinct(StringComparer.OrdinalIgnoreCase);
            var hint = layout.MissingHint is { } mh ? $"; {mh}" : "";
            return Refuse(spec.Field == CanonicalFields.Timestamp
                ? $"no per-row date: the file has none of the columns {Quote(names)}, and a {KindWord(preset.Kind)} without a date cannot be placed in the journey{hint}"
                : $"missing column {Quote(names)} ('{spec.Field}'); found: {Quote(header.Take(30))}{hint}");
        }

        // 2. Header rows after the column names, found from the date column: rows whose date does not read are headers.
        var timeSpecs = specs.Where(s => CanonicalFields.IsTime(s.Spec.Type)).ToList();
        if (timeSpecs.Count == 0)
            return Refuse($"no per-row date: none of the date columns of a {layout.Name} ({Quote(preset.Columns.Where(c => CanonicalFields.IsTime(c.Type)).Select(c => c.Column))}) is in the file, so no record can be placed in time");
        var key = timeSpecs.FirstOrDefault(s => s.Spec.Field == CanonicalFields.Timestamp);
        if (key.Spec is null) key = timeSpecs.OrderByDescending(s => rows.Count(r => Cell(r, s.Index).Length > 0)).First();
        var extra = 0;
        if (layout.MaxExtraHeaderRows > 0)
        {
            var body = rows.Skip(layout.MaxExtraHeaderRows).ToList();
            var keyGuess = SampleDateFormats.Infer((body.Count > 0 ? body : rows).Select(r => Cell(r, key.Index)), FormatsOf(key.Spec), layout.MonthFirst);
            while (extra < Math.Min(layout.MaxExtraHeaderRows, rows.Count) && !(keyGuess.Found && keyGuess.Reads(Cell(rows[extra], key.Index)))) extra++;
            if (extra > 0) evidence.Add($"{extra} more header row(s) after the column names (line {rows[0].Line}{(extra > 1 ? $" to {rows[extra - 1].Line}" : "")}: '{key.Spec.Column}' holds no date there)");
        }
        var data = rows.Skip(extra).ToList();
        if (data.Count == 0)
            return Refuse($"no data rows after the header (line {sample.Records[h].Line}{(extra > 0 ? $" and {extra} more header row(s)" : "")})");

        // 3. Dates: the preset's formats when they read the sample, else the formats the values are in.
        for (var s = 0; s < specs.Count; s++)
        {
            var (spec, at) = specs[s];
            if (!CanonicalFields.IsTime(spec.Type)) continue;
            var values = data.Select(r => Cell(r, at)).Where(v => v.Length > 0).ToList();
            var essential = spec.Required || spec == key.Spec;
            if (values.Count == 0)
            {
                if (essential) return Refuse($"no per-row date: column '{spec.Column}' is empty in all {data.Count} sampled rows");
                continue;
            }
            var guess = SampleDateFormats.Infer(values, FormatsOf(spec), layout.MonthFirst);
            if (guess.Ambiguous is { } ambiguous) return Refuse($"column '{spec.Column}': {ambiguous}");
            if (!guess.Found)
            {
                var examples = Quote(values.Distinct().Take(3));
                if (essential) return Refuse($"no per-row date: column '{spec.Column}' holds values like {examples}, which are not dates in any format this reads; declare its formats in a column map");
                specs.RemoveAt(s--);
                review.Add($"column '{spec.Column}' was left out: values like {examples} are not dates");
                continue;
            }
            evidence.Add($"dates in '{spec.Column}': {guess.Describe()} ({guess.Parsed} of {guess.Values} sample values)");
            var same = guess.Type == spec.Type && (spec.Type != FieldType.DateTime || guess.Formats.All(f => FormatsOf(spec)?.Contains(f) == true));
            if (!same)
            {
                changes.Add($"'{spec.Column}' holds {(guess.Type == FieldType.DateTime ? $"dates like '{values[0]}'" : guess.Type.ToString())}, not {(spec.Type == FieldType.DateTime ? $"the preset's formats" : spec.Type.ToString())}");
                specs[s] = (spec with { Type = guess.Type!.Value, Formats = guess.Type == FieldType.DateTime ? guess.Formats : null }, at);
            }
        }
        if (preset.Kind == SourceKind.Crm && !specs.Any(x => CanonicalFields.IsTime(x.Spec.Type) && data.Any(r => Cell(r, x.Index).Length > 0)))
            return Refuse("no per-row date: no contact in the sample has a create date or a lifecycle date, so none can be placed in the journey");

        // 4. Accepted values: the vendor's other labels (HubSpot UI labels next to internal names); otherwise the rule goes.
        for (var s = 0; s < specs.Count; s++)
        {
            var (spec, at) = specs[s];
            if (spec.AcceptedValues is not { } accepted) continue;
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
            RequireAnyOf = preset.RequireAnyOf?.All(g => g.All(fields.Contains)) == true ? preset.RequireAnyOf : null,
        };
        var presetFields = preset.Columns.Where(c => HeaderMapping.Find(header, c) >= 0).Select(c => c.Field).ToHashSet(StringComparer.Ordinal);
        // A preset with maxExtraHeaderRows finds up to that many header rows itself.
        var presetHeaderRowsFit = preset.MaxExtraHeaderRows > 0 ? extra <= preset.MaxExtraHeaderRows : preset.ExtraHeaderRows == extra;
        var (rowsChecked, presetAccepted) = SampleCheck(preset, header, data);
        var (_, derivedAccepted) = SampleCheck(derived, header, data);
        var presetFits = presetHeaderRowsFit && presetFields.SetEquals(fields) && presetAccepted >= derivedAccepted
                         && presetAccepted >= MinAcceptedShare * rowsChecked;
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
            Encoding = sample.Encoding == "utf-8" ? null : sample.Encoding,
            Delimiter = sample.Delimiter == ',' || sample.SeparatorHintLine ? null : ExportHead.Show(sample.Delimiter),
            TimeZone = zone, TimeZoneFromFile = zoneFromFile, Evidence = evidence, Review = review,
            SampleRows = rowsChecked, SampleAccepted = readRows,
        };
    }

    /// <summary>Rows of the sample the map reads without a rejection (field count, required, type, range, accepted values).</summary>
    private static (int Rows, int Accepted) SampleCheck(ColumnMap map, List<string> header, List<HeadRecord> data)
    {
        var index = map.Columns.Select(c => HeaderMapping.Find(header, c)).ToArray();
        if (map.Columns.Where((c, i) => index[i] < 0 && !c.Optional).Any()) return (data.Count, 0);
        var parsers = map.Columns.Select(c => new FieldParser(c, TimeZoneInfo.Utc)).ToArray();
        var accepted = 0;
        foreach (var row in data)
        {
            if (row.Fields.Count != header.Count) continue;
            var ok = true;
            for (var i = 0; i < parsers.Length && ok; i++)
            {
                if (index[i] < 0) continue;
                var text = row.Fields[index[i]].Trim();
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

    private static IReadOnlyList<string>? FormatsOf(ColumnSpec spec) => spec.Type == FieldType.DateTime || spec.Type == FieldType.Date ? spec.Formats : null;

    private static string Canonical(string field) => field.StartsWith("became_", StringComparison.Ordinal) ? field[7..] : field;

    private static string Cell(HeadRecord record, int index) => index >= 0 && index < record.Fields.Count ? record.Fields[index].Trim() : "";

    private static string KindWord(SourceKind kind) => kind switch { SourceKind.Analytics => "event", SourceKind.Crm => "contact", _ => "response" };

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
