using JourneyInsights.Sources;

namespace JourneyInsights.Journeys;

/// <summary>
/// Builds the stitched journey from the canonical tables the sources hand on, in small steps, each a function of
/// (tables, definition) that checks its own parameters: <see cref="IdentityStitching"/> (who is who),
/// <see cref="Placement"/> (which record is which touchpoint in which stage), <see cref="CustomerAttributes"/>
/// (first touch, persona), <see cref="ResponsePlacement"/> (emotion scores and the stage of each answer).
/// <see cref="Timelines"/> then gives each customer's funnel moments. Nothing here knows a vendor's columns or presets.
/// </summary>
public static class JourneyBuilder
{
    /// <param name="sources">The loaded exports.</param>
    /// <param name="asOfUtc">
    /// Leave out everything recorded after this instant (events, logins, CRM contacts created and milestones reached,
    /// survey answers), so a past month's report is what it was when that month closed. Null: use all data.
    /// </param>
    /// <param name="releaseRows">
    /// True: let go of the loaded rows while building, each field right after the last step that reads it, and all of
    /// them at the end (<see cref="SourceSet.ReleaseRows"/>), for a batch run that needs only the journey afterwards: the
    /// memory of the loaded columns then holds the journey being built instead of growing the process. The sources can
    /// not be stitched again afterwards. False (the default): the rows stay, e.g. for a notebook.
    /// </param>
    public static JourneyData Build(SourceSet sources, DateTime? asOfUtc = null, bool releaseRows = false) =>
        BuildSteps(sources, asOfUtc, releaseRows, withTimelines: false).Data;

    /// <summary>
    /// As <see cref="Build(SourceSet, DateTime?, bool)"/>, and the customers' timelines under the definition's funnel rules
    /// (<see cref="Timelines.Compute(JourneyData, FunnelRules)"/>), computed from the placed touchpoints on another core
    /// while the responses are placed and the attributes masked.
    /// </summary>
    internal static (JourneyData Data, Timelines Timelines) BuildWithTimelines(SourceSet sources, DateTime? asOfUtc, bool releaseRows)
    {
        var (data, timelines) = BuildSteps(sources, asOfUtc, releaseRows, withTimelines: true);
        return (data, timelines!);
    }

    private static (JourneyData Data, Timelines? Timelines) BuildSteps(SourceSet sources, DateTime? asOfUtc, bool releaseRows, bool withTimelines)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var definition = sources.Definition;
        var tables = CanonicalTables.From(sources);
        var release = releaseRows ? new FieldRelease(sources, tables) : null;
        release?.Unread(); // fields no step reads (line numbers, response ids, milestone columns copied into the tables)
        // What loading left behind: a collection, compacting when the memory it frees is large for the machine (below).
        ReleaseGarbage();
        var identities = IdentityStitching.Stitch(tables, definition.Identity, asOfUtc);
        release?.AfterStitching();
        ReleaseGarbage();
        // First touch and CRM attributes read other rows than placement and need none of it: on another core meanwhile.
        var firstRecords = Task.Run(() => CustomerAttributes.FirstRecords(tables, identities, definition));
        PlacedTouchpoints placed;
        try { placed = Placement.Place(tables, identities, definition, asOfUtc); }
        catch
        {
            try { firstRecords.Wait(); } catch (AggregateException) { } // placement's error is the one to report
            throw;
        }
        var described = CustomerAttributes.Describe(firstRecords.GetAwaiter().GetResult(), identities, placed);
        release?.AfterPlacement();
        if (releaseRows) ReleaseGarbage(); // the analytics columns, for the timelines and the responses to reuse
        var touchpoints = placed.Touchpoints;
        var zone = TimeZones.TryFind(definition.ReportTimeZone)!;
        var stages = definition.Stages.Select(s => s.Name).ToArray();
        var touchpointNames = definition.Touchpoints.Select(t => t.Name).ToArray();
        // The timelines read only the placed touchpoints: on another core while the responses are placed and the attributes masked.
        var timelines = withTimelines
            ? Task.Run(() => Timelines.Compute(new TimelineSource(touchpoints, placed.Stageless, stages.Length, touchpointNames.Length, definition, zone),
                FunnelRules.From(definition), identities.Customers))
            : null;
        ResponseColumns responses;
        CustomerColumns customers;
        try
        {
            responses = ResponsePlacement.Place(tables, identities, placed, definition);
            if (releaseRows) sources.ReleaseRows();
            customers = described.Customers;
            MaskAttributes(customers, responses);
        }
        catch
        {
            try { timelines?.Wait(); } catch (AggregateException) { } // this error is the one to report
            throw;
        }

        long dataStart = long.MaxValue, dataEnd = long.MinValue;
        foreach (var t in touchpoints.Time) { if (t < dataStart) dataStart = t; if (t > dataEnd) dataEnd = t; }
        foreach (var t in responses.Time) { if (t < dataStart) dataStart = t; if (t > dataEnd) dataEnd = t; }
        long anonymous = 0;
        for (var c = 0; c < customers.Count; c++) if (!customers.Known[c] && !identities.HasLogin[c]) anonymous++;
        var data = new JourneyData
        {
            Definition = definition,
            Stages = stages,
            TouchpointNames = touchpointNames,
            Touchpoints = touchpoints,
            Stageless = placed.Stageless,
            Customers = customers,
            Responses = responses,
            Identity = new IdentityReport
            {
                Customers = identities.Customers,
                KnownCustomers = described.CrmContacts,
                AnonymousJourneys = anonymous,
                AnalyticsIds = identities.AnalyticsIds,
                AnalyticsIdsLinked = identities.AnalyticsIdsLinked,
                CustomersWithSeveralDevices = identities.Devices.LongCount(d => d > 1),
                CrmContacts = described.CrmContacts,
                CrmContactsWithoutAnalytics = described.CrmContactsWithoutAnalytics,
                Responses = responses.Count,
                ResponsesMatchedByCrmId = identities.ResponsesMatchedByCrmId,
                ResponsesMatchedByEmail = identities.ResponsesMatchedByEmail,
                ResponsesUnmatched = identities.ResponsesUnmatched,
            },
            Placement = placed.Report with { Unmatched = placed.Report.Unmatched.Select(u => (Privacy.PersonalData.Mask(u.What), u.Rows)).ToList() },
            TimeZone = zone,
            DataStart = dataStart <= dataEnd ? new DateTime(dataStart, DateTimeKind.Utc) : DateTime.UnixEpoch,
            DataEnd = dataStart <= dataEnd ? new DateTime(dataEnd, DateTimeKind.Utc) : DateTime.UnixEpoch,
        };
        return (data, timelines?.GetAwaiter().GetResult());
    }

    /// <summary>
    /// Attributes become segment names in every output (a persona, a UTM source in a channel, a survey name), so personal
    /// data typed into them is masked here, once per distinct value (<see cref="Privacy.PersonalData.Mask(string)"/>).
    /// Comments are masked where they are quoted (verbatims). Scores and placement were computed before, from the raw values.
    /// </summary>
    private static void MaskAttributes(CustomerColumns customers, ResponseColumns responses)
    {
        // Six columns, each masked on its own: on every core.
        Parallel.Invoke(new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => Privacy.PersonalData.MaskInPlace(customers.Persona),
            () => Privacy.PersonalData.MaskInPlace(customers.Channel),
            () => Privacy.PersonalData.MaskInPlace(customers.Device),
            () => Privacy.PersonalData.MaskInPlace(customers.Region),
            () => Privacy.PersonalData.MaskInPlace(responses.Survey),
            () => Privacy.PersonalData.MaskInPlace(responses.EmotionLabel));
    }

    /// <summary>
    /// Which loaded fields each step reads, so that <see cref="Build"/> can let go of each after its last reader: the
    /// identity fields after stitching, every analytics field once placement and the first-touch attributes are done.
    /// What the responses read goes at the end. A step that starts reading another field must be added here (reading a
    /// released field throws, so a test over the report runner finds it).
    /// </summary>
    private sealed class FieldRelease(SourceSet sources, CanonicalTables tables)
    {
        private static readonly string[] Stitching = [CanonicalFields.UserId, CanonicalFields.CrmId, CanonicalFields.Email, CanonicalFields.CreatedAt];
        private static readonly string[] AnalyticsRead =
        [
            CanonicalFields.AnonymousId, CanonicalFields.UserId, CanonicalFields.Timestamp, CanonicalFields.Event, CanonicalFields.Page,
            CanonicalFields.SessionId, CanonicalFields.TrafficSource, CanonicalFields.TrafficMedium, CanonicalFields.Device, CanonicalFields.Region,
        ];
        private static readonly string[] CrmRead = [CanonicalFields.CrmId, CanonicalFields.Email, CanonicalFields.Persona, CanonicalFields.Region];
        private static readonly string[] SurveyRead =
            [CanonicalFields.Timestamp, CanonicalFields.CrmId, CanonicalFields.Email, CanonicalFields.Survey, CanonicalFields.EmotionLabel, CanonicalFields.Comment];

        /// <summary>Fields no step reads: line numbers, response ids, milestone columns (the CRM tables hold them as a copy), the survey's numbers (copied too).</summary>
        public void Unread()
        {
            foreach (var t in sources.Tables)
            {
                var read = t.Kind switch
                {
                    SourceKind.Analytics => AnalyticsRead,
                    // A long CRM export's rows are recorded at their timestamp (its stage-change instant).
                    SourceKind.Crm => t.Source.Map.MilestoneNameField is null ? [.. CrmRead, CanonicalFields.CreatedAt] : [.. CrmRead, CanonicalFields.Timestamp],
                    _ => SurveyRead,
                };
                t.ReleaseFields(t.Fields.Except(read, StringComparer.Ordinal).ToList());
            }
        }

        /// <summary>The login ids, CRM ids and e-mails (and when no analytics source has sessions, the anonymous ids).</summary>
        public void AfterStitching()
        {
            foreach (var t in sources.Tables)
            {
                if (t.Kind == SourceKind.Survey) { t.ReleaseFields([CanonicalFields.CrmId, CanonicalFields.Email]); continue; }
                if (t.Kind == SourceKind.Crm) { t.ReleaseFields([.. Stitching, CanonicalFields.Timestamp]); continue; }
                t.ReleaseFields(tables.Touchpoints.Any(a => a.SessionId is not null) ? [CanonicalFields.UserId] : [CanonicalFields.UserId, CanonicalFields.AnonymousId]);
            }
        }

        /// <summary>Every field of the analytics sources: placement and the first-touch attributes, their last readers, are done.</summary>
        public void AfterPlacement()
        {
            foreach (var t in sources.OfKind(SourceKind.Analytics)) t.ReleaseFields(AnalyticsRead);
        }
    }

    /// <summary>
    /// Stitching millions of ids grows large dictionaries and lists, whose outgrown arrays sit on the large-object heap
    /// until a full collection, which an allocation-light phase rarely triggers. One collection between the phases lets
    /// the next phase reuse that memory: at 10M events it keeps the process about 0.7 GB smaller.
    /// <para>
    /// Freed space between live arrays is reused only by what fits in it, and the next phase's arrays are large: when the
    /// memory the process holds beyond its live objects is a 32nd of the machine's or more (0.75 GB on 24 GiB; at 100M
    /// events 2.6 GB after stitching and 1.3 to 2.2 GB after placement, against 0.35 GB at 10M), the collection compacts,
    /// handing that memory back before the next phase grows.
    /// </para>
    /// </summary>
    internal static void ReleaseGarbage()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        if (info.TotalCommittedBytes - GC.GetTotalMemory(forceFullCollection: false) >= info.TotalAvailableMemoryBytes / 32) ReturnReleasedMemory();
    }

    /// <summary>
    /// A collection frees garbage but keeps its memory resident (committed), so the process stays as large as it ever
    /// was and what comes next adds to that. An aggressive collection (compacting, at 10M events about 0.3 to 0.9 s) hands
    /// the memory back to the system: by <see cref="ReleaseGarbage"/> when what it would hand back is large for the
    /// machine, and once the journey is built when the caller lets the rows go (at 10M events 1.41 → 0.48 GB), so that
    /// the outputs' native buffers (chart bitmaps, the workbook) grow from there. At 100M events (24 GiB, measured): peak
    /// 8.31 GB with plain collections between the phases, 7.60 GB compacting where the rule above says.
    /// </summary>
    internal static void ReturnReleasedMemory() => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
