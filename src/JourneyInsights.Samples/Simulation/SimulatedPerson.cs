namespace JourneyInsights.Samples.Simulation;

/// <summary>
/// One simulated person, in memory and vendor-neutral: their devices, their tracked events, their CRM record (when they
/// signed up within the window) and their survey answers. The simulator refills one instance per person (so memory
/// stays flat); the writers turn it into vendor-shaped rows without drawing any random number.
/// Instants are microseconds since the Unix epoch, UTC.
/// </summary>
internal sealed class SimulatedPerson
{
    /// <summary>Index of the person in the run (0-based).</summary>
    public int Index { get; set; }

    /// <summary>Index into <see cref="SampleVocabulary.Personas"/>.</summary>
    public int Persona { get; set; }

    /// <summary>First-touch channel, index into <see cref="SampleVocabulary.Channels"/>.</summary>
    public int Channel { get; set; }

    /// <summary>Index into <see cref="SampleVocabulary.Countries"/>.</summary>
    public int Country { get; set; }

    /// <summary>The first device: its category (index into <see cref="SampleVocabulary.Devices"/>) and its analytics pseudo id.</summary>
    public (int Category, string PseudoId) FirstDevice { get; set; }

    /// <summary>The second device, when the person has one (its <c>PseudoId</c> is then non-empty).</summary>
    public (int Category, string PseudoId) SecondDevice { get; set; }

    /// <summary>The CRM record id, 0 when the person never became a contact; it is the analytics user id once signed up.</summary>
    public long RecordId { get; set; }

    /// <summary>Tracked events in export order (time order with the planted noise), defective copies last.</summary>
    public List<SimulatedEvent> Events { get; } = new(64);

    /// <summary>The CRM contact, when <see cref="RecordId"/> is non-zero.</summary>
    public SimulatedContact? Contact { get; set; }

    /// <summary>Completed survey responses, in the order they were simulated.</summary>
    public List<SimulatedResponse> Responses { get; } = new(4);

    /// <summary>The device that sent <paramref name="e"/>.</summary>
    public (int Category, string PseudoId) DeviceOf(in SimulatedEvent e) => e.Device == 0 ? FirstDevice : SecondDevice;

    public void Reset(int index)
    {
        Index = index;
        RecordId = 0;
        SecondDevice = (0, "");
        Events.Clear();
        Contact = null;
        Responses.Clear();
    }
}

/// <summary>A defect planted in an exported event row.</summary>
internal enum EventDefect : byte
{
    None,
    BadTimestamp,
    EmptyPseudoId,
    MissingField,
}

/// <summary>One tracked event.</summary>
/// <param name="Time">Instant, microseconds since the Unix epoch, UTC.</param>
/// <param name="Sequence">Order of creation within the person (ties on <paramref name="Time"/> keep it).</param>
/// <param name="Device">0 = the person's first device, 1 = the second.</param>
/// <param name="SignedIn">True when the session is signed in (the event carries the user id once the person has a record).</param>
/// <param name="Name">Event name (<c>page_view</c>, <c>purchase</c>, ...).</param>
/// <param name="Path">Page path on the site (<c>/pricing</c>).</param>
/// <param name="SessionId">Unix seconds of the session start.</param>
/// <param name="Channel">The session's channel, index into <see cref="SampleVocabulary.Channels"/>.</param>
/// <param name="Defect">The defect planted in this row, if any.</param>
internal readonly record struct SimulatedEvent(long Time, int Sequence, byte Device, bool SignedIn, string Name, string Path, long SessionId, byte Channel, EventDefect Defect = EventDefect.None);

/// <summary>Lifecycle stage a CRM contact has reached.</summary>
internal enum Lifecycle : byte
{
    Lead,
    MarketingQualifiedLead,
    Opportunity,
    Customer,
}

/// <summary>A CRM contact as the sales team recorded it.</summary>
internal sealed class SimulatedContact
{
    public long RecordId { get; init; }

    /// <summary>The contact's e-mail address as the person gives it in surveys (empty when the CRM field is empty).</summary>
    public string Email { get; set; } = "";

    /// <summary>The e-mail address as typed into the CRM (stray spaces and capitals included; empty when missing).</summary>
    public string CrmEmail { get; set; } = "";

    public Lifecycle Stage { get; init; }

    /// <summary>Creation instant (the sign-up), microseconds UTC; also the lead date.</summary>
    public long Created { get; init; }

    /// <summary>Instant of becoming a marketing-qualified lead, 0 when not reached.</summary>
    public long Mql { get; init; }

    /// <summary>True when the MQL date was typed as an impossible date (a planted defect).</summary>
    public bool MqlDateMangled { get; init; }

    /// <summary>Instant of becoming an opportunity, 0 when not reached.</summary>
    public long Opportunity { get; init; }

    /// <summary>Instant of becoming a customer, 0 when not reached.</summary>
    public long Customer { get; init; }

    /// <summary>True when the export also holds a stale copy of this record (same id, stage lead, no dates).</summary>
    public bool ExportedTwice { get; init; }
}

/// <summary>One completed survey response; answers are the text the survey tool recorded (planted defects included).</summary>
internal sealed record SimulatedResponse(
    long Start,
    long End,
    string ResponseId,
    string ExternalReference,
    string Email,
    string Survey,
    string Nps,
    string Csat,
    string Ces,
    string Emotion,
    string Comment);
