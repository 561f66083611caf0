using Microsoft.Data.Analysis;

namespace JourneyInsights.Sources;

/// <summary>
/// What the Sources layer hands on, whatever the vendor: one touchpoints table per analytics export, one customers table
/// per CRM export (with its milestones in long form under the names the column map gives), one responses table per
/// survey export (see shared/DESIGN.md, "Canonical tables"). Wide or long CRM exports, column names, presets and file
/// shapes are resolved here; the journey layer reads only these tables. The tables are views over the loaded columns
/// (no copy of the events); each has a DataFrame view.
/// </summary>
public sealed class CanonicalTables
{
    private CanonicalTables(IReadOnlyList<TouchpointTable> touchpoints, IReadOnlyList<CustomerTable> customers, IReadOnlyList<ResponseTable> responses)
    {
        Touchpoints = touchpoints; Customers = customers; Responses = responses;
    }

    /// <summary>Analytics events, one table per analytics source, in the order of the definition.</summary>
    public IReadOnlyList<TouchpointTable> Touchpoints { get; }

    /// <summary>CRM records, one table per CRM source, in the order of the definition.</summary>
    public IReadOnlyList<CustomerTable> Customers { get; }

    /// <summary>Survey responses, one table per survey source, in the order of the definition.</summary>
    public IReadOnlyList<ResponseTable> Responses { get; }

    /// <summary>The canonical tables of loaded sources (views over their rows: release the rows only after using them).</summary>
    /// <exception cref="InvalidOperationException">A table lacks a field its kind requires (the column map checks prevent it).</exception>
    public static CanonicalTables From(SourceSet sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var touchpoints = new List<TouchpointTable>();
        var customers = new List<CustomerTable>();
        var responses = new List<ResponseTable>();
        for (var i = 0; i < sources.Tables.Count; i++)
        {
            var table = sources.Tables[i];
            switch (table.Kind)
            {
                case SourceKind.Analytics: touchpoints.Add(new TouchpointTable(table, i)); break;
                case SourceKind.Crm: customers.Add(new CustomerTable(table, i)); break;
                case SourceKind.Survey: responses.Add(new ResponseTable(table, i)); break;
            }
        }
        return new CanonicalTables(touchpoints, customers, responses);
    }

    internal static TextColumn RequiredText(SourceTable t, string field) =>
        t.Text(field) ?? throw new InvalidOperationException($"source '{t.Name}' has no text field '{field}', which a {t.Kind} source requires");

    internal static ValueColumn<DateTime> RequiredTime(SourceTable t, string field) =>
        t.Values<DateTime>(field) ?? throw new InvalidOperationException($"source '{t.Name}' has no date-time field '{field}', which a {t.Kind} source requires");

    internal static DataFrame Frame(params SourceColumn?[] columns) =>
        new(columns.Where(c => c is not null).Select(c => c!.ToDataFrameColumn()).ToList());
}

/// <summary>Where a canonical table comes from: the source's name and its index in the definition's sources.</summary>
public abstract class CanonicalTable(SourceTable table, int sourceIndex)
{
    /// <summary>The loaded table the view reads its columns from (each time: a field released while building a journey is not held here).</summary>
    private protected SourceTable Table { get; } = table;

    /// <summary>The source's name in the definition (e.g. <c>web</c>).</summary>
    public string Source { get; } = table.Name;

    /// <summary>Index of the source in the definition's list of sources.</summary>
    public int SourceIndex { get; } = sourceIndex;

    /// <summary>Accepted rows.</summary>
    public long Rows { get; } = table.RowCount;

    /// <summary>The table as a DataFrame (a copy, built on each call), one column per field present, date-times UTC.</summary>
    public abstract DataFrame ToDataFrame();
}

/// <summary>Analytics events: who (anonymous device id, login id), when (UTC), what (event, page) and the context.</summary>
public sealed class TouchpointTable : CanonicalTable
{
    internal TouchpointTable(SourceTable table, int sourceIndex) : base(table, sourceIndex)
    {
        _ = (AnonymousId, Timestamp, Event); // required fields: a clear error now, not at first use
    }

    /// <summary>The device or browser id (GA4 <c>user_pseudo_id</c>); present on every row.</summary>
    public TextColumn AnonymousId => CanonicalTables.RequiredText(Table, CanonicalFields.AnonymousId);
    /// <summary>Instant of the event, UTC; present on every row.</summary>
    public ValueColumn<DateTime> Timestamp => CanonicalTables.RequiredTime(Table, CanonicalFields.Timestamp);
    /// <summary>Event name; present on every row.</summary>
    public TextColumn Event => CanonicalTables.RequiredText(Table, CanonicalFields.Event);
    /// <summary>The signed-in user's id (a CRM id or an e-mail, as the definition's identity says), or null when the map has none.</summary>
    public TextColumn? UserId => Table.Text(CanonicalFields.UserId);
    /// <summary>Page path (<c>/pricing</c>), or null when the map has none.</summary>
    public TextColumn? Page => Table.Text(CanonicalFields.Page);
    /// <summary>Traffic source of the session (<c>google</c>), or null.</summary>
    public TextColumn? TrafficSource => Table.Text(CanonicalFields.TrafficSource);
    /// <summary>Traffic medium of the session (<c>cpc</c>), or null.</summary>
    public TextColumn? TrafficMedium => Table.Text(CanonicalFields.TrafficMedium);
    /// <summary>Device category, or null.</summary>
    public TextColumn? Device => Table.Text(CanonicalFields.Device);
    /// <summary>Region (country), or null.</summary>
    public TextColumn? Region => Table.Text(CanonicalFields.Region);
    /// <summary>
    /// The session id (GA4 <c>ga_session_id</c>: unique per device id only, so a session is this id together with
    /// <see cref="AnonymousId"/>), or null. Read only when the definition counts its funnel by session
    /// (<c>funnel.countBy</c>): at 10M events the column costs about 0.2 GB.
    /// </summary>
    public TextColumn? SessionId => Table.Text(CanonicalFields.SessionId);

    public override DataFrame ToDataFrame() =>
        CanonicalTables.Frame(AnonymousId, UserId, Timestamp, Event, Page, TrafficSource, TrafficMedium, Device, Region, SessionId);
}

/// <summary>
/// CRM records: one row per contact (wide exports) or per stage change (long exports), with the contact's ids and
/// attributes, the instant the row came to be, and the milestones it records.
/// </summary>
public sealed class CustomerTable : CanonicalTable
{
    internal CustomerTable(SourceTable table, int sourceIndex) : base(table, sourceIndex)
    {
        _ = CrmId; // a required field: a clear error now, not at first use
        var map = table.Source.Map;
        var longName = map.MilestoneNameField is { } f ? table.Text(f) : null;
        var longTime = longName is not null ? table.Values<DateTime>(CanonicalFields.Timestamp) : null;
        var wide = map.Columns.Where(c => c.Milestone).Select(c => (c.Field, Column: table.Values<DateTime>(c.Field))).Where(m => m.Column is not null).ToArray();
        Milestones = MilestoneColumns.From(Rows, wide!, longName, longTime);
        MilestoneFields = [.. wide.Select(w => w.Field), .. longName is not null ? [longName.Name] : Array.Empty<string>()];
    }

    /// <summary>The CRM id; present on every row.</summary>
    public TextColumn CrmId => CanonicalTables.RequiredText(Table, CanonicalFields.CrmId);
    /// <summary>E-mail address, normalised (trimmed, lower case), or null when the map has none.</summary>
    public TextColumn? Email => Table.Text(CanonicalFields.Email);
    /// <summary>Persona or segment, or null.</summary>
    public TextColumn? Persona => Table.Text(CanonicalFields.Persona);
    /// <summary>Region (country), or null.</summary>
    public TextColumn? Region => Table.Text(CanonicalFields.Region);
    /// <summary>The instant the row came to be (a contact's creation, a stage change's instant), UTC, or null when the map has none.</summary>
    public ValueColumn<DateTime>? RecordedAt => Table.Source.Map.MilestoneNameField is null
        ? Table.Values<DateTime>(CanonicalFields.CreatedAt) // a contact exists from its creation
        : Table.Values<DateTime>(CanonicalFields.Timestamp); // a stage-change row from its change
    /// <summary>The fields <see cref="Milestones"/> were read from (milestone date columns, or the milestone-name field), which it holds as a copy.</summary>
    internal IReadOnlyList<string> MilestoneFields { get; }
    /// <summary>The milestones the rows record, in row order (and, within a row, in the map's column order).</summary>
    public MilestoneColumns Milestones { get; }

    public override DataFrame ToDataFrame() => CanonicalTables.Frame(CrmId, Email, Persona, Region, RecordedAt);
}

/// <summary>
/// CRM milestones in long form: row <c>i</c> says that CRM record <see cref="Row"/>[i] reached milestone
/// <see cref="Name"/>[i] at <see cref="Time"/>[i] (UTC ticks). Names are those the column map gives: the field of a
/// milestone date column (wide exports) or the value of its milestone-name field (long exports).
/// </summary>
public sealed class MilestoneColumns
{
    public required long[] Row { get; init; }
    public required string[] Name { get; init; }
    /// <summary>UTC ticks.</summary>
    public required long[] Time { get; init; }
    public int Count => Row.Length;

    internal static MilestoneColumns From(long rows, (string Field, ValueColumn<DateTime> Column)[] wide, TextColumn? longName, ValueColumn<DateTime>? longTime)
    {
        // Counted first, then written into exact arrays: at 10M events (666,667 contacts) growing lists allocated about
        // three times the 48 MB the milestones hold.
        var count = 0;
        for (long i = 0; i < rows; i++)
        {
            foreach (var (_, column) in wide)
                if (column[i] is not null) count++;
            if (longName?[i] is not null && longTime?[i] is not null) count++;
        }
        var (row, name, time) = (new long[count], new string[count], new long[count]);
        var next = 0;
        for (long i = 0; i < rows; i++)
        {
            foreach (var (field, column) in wide)
                if (column[i] is { } when) { row[next] = i; name[next] = field; time[next] = when.Ticks; next++; }
            if (longName?[i] is { } n && longTime?[i] is { } at) { row[next] = i; name[next] = n; time[next] = at.Ticks; next++; }
        }
        return new MilestoneColumns { Row = row, Name = name, Time = time };
    }

    /// <summary>The milestones as a DataFrame: the CRM record's row, the milestone name, its instant (UTC).</summary>
    public DataFrame ToDataFrame() => new(
        new PrimitiveDataFrameColumn<long>("row", Row),
        new StringDataFrameColumn("milestone", Name),
        new PrimitiveDataFrameColumn<DateTime>("timestamp", Time.Select(t => new DateTime(t, DateTimeKind.Utc))));
}

/// <summary>Survey responses: who (CRM id, e-mail), when (UTC), which survey, the measures, the emotion label and the comment.</summary>
public sealed class ResponseTable : CanonicalTable
{
    internal ResponseTable(SourceTable table, int sourceIndex) : base(table, sourceIndex)
    {
        _ = Timestamp; // a required field: a clear error now, not at first use
        Nps = Numbers(table, CanonicalFields.Nps);
        Csat = Numbers(table, CanonicalFields.Csat);
        Ces = Numbers(table, CanonicalFields.Ces);
    }

    /// <summary>Instant the response was recorded, UTC; present on every row.</summary>
    public ValueColumn<DateTime> Timestamp => CanonicalTables.RequiredTime(Table, CanonicalFields.Timestamp);
    /// <summary>The respondent's CRM id (the survey's external reference), or null when the map has none.</summary>
    public TextColumn? CrmId => Table.Text(CanonicalFields.CrmId);
    /// <summary>The respondent's e-mail, normalised, or null.</summary>
    public TextColumn? Email => Table.Text(CanonicalFields.Email);
    /// <summary>Survey name, or null.</summary>
    public TextColumn? Survey => Table.Text(CanonicalFields.Survey);
    /// <summary>Net Promoter answer 0-10 per row (null when not answered), or null when the map has none.</summary>
    public double?[]? Nps { get; }
    /// <summary>CSAT answer 1-5 per row, or null.</summary>
    public double?[]? Csat { get; }
    /// <summary>CES answer 1-7 (7 = very easy) per row, or null.</summary>
    public double?[]? Ces { get; }
    /// <summary>Emotion label as answered, or null.</summary>
    public TextColumn? EmotionLabel => Table.Text(CanonicalFields.EmotionLabel);
    /// <summary>Free-text comment, or null.</summary>
    public TextColumn? Comment => Table.Text(CanonicalFields.Comment);

    public override DataFrame ToDataFrame()
    {
        var frame = CanonicalTables.Frame(CrmId, Email, Timestamp, Survey);
        foreach (var (name, values) in new[] { (CanonicalFields.Nps, Nps), (CanonicalFields.Csat, Csat), (CanonicalFields.Ces, Ces) })
            if (values is not null) frame.Columns.Add(new PrimitiveDataFrameColumn<double>(name, values));
        foreach (var column in new[] { EmotionLabel, Comment })
            if (column is not null) frame.Columns.Add(column.ToDataFrameColumn());
        return frame;
    }

    private static double?[]? Numbers(SourceTable t, string field)
    {
        if (t.Values<int>(field) is { } ints) { var a = new double?[ints.Length]; for (long i = 0; i < ints.Length; i++) a[i] = ints[i]; return a; }
        if (t.Values<double>(field) is { } dbl) { var a = new double?[dbl.Length]; for (long i = 0; i < dbl.Length; i++) a[i] = dbl[i]; return a; }
        return null;
    }
}
