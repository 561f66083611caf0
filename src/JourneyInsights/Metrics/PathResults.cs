namespace JourneyInsights.Metrics;

/// <summary>Which way a path is read from its anchor.</summary>
public enum PathDirection
{
    /// <summary>The touchpoints met after the anchor (what customers did next).</summary>
    Next,
    /// <summary>The touchpoints met before the anchor, nearest first (how customers got there).</summary>
    Previous,
}

/// <summary>What a node of a path stands for.</summary>
public enum PathNodeKind
{
    /// <summary>Step 0: the anchor itself (every customer of the analysis).</summary>
    Anchor,
    /// <summary>A named touchpoint, one of the top N of its step.</summary>
    Touchpoint,
    /// <summary>The touchpoints of the step outside its top N, pooled.</summary>
    Other,
    /// <summary>
    /// No touchpoint that many steps away: reading forward, the customer left the journey (met nothing more by the cut);
    /// reading backward, the journey began (nothing earlier). Customers stay in it at every later step.
    /// </summary>
    End,
}

/// <summary>
/// A path question: whose paths (the report cohort's customers who reached the anchor by the cut), from which anchor,
/// which way and how far. The anchor is either the moment a customer counts at a stage (<see cref="Stage"/>) or their
/// first meeting of a touchpoint (<see cref="Touchpoint"/>). Defaults: <see cref="DefaultSteps"/> steps,
/// <see cref="DefaultTop"/> named touchpoints per step. Definition in docs/metrics.md ("Paths").
/// </summary>
public sealed record PathQuery
{
    /// <summary>Steps read from the anchor unless told otherwise (K).</summary>
    public const int DefaultSteps = 3;
    /// <summary>Touchpoints named per step unless told otherwise (N); with "other" and "left the journey" a step has at most N + 2 = 8 nodes.</summary>
    public const int DefaultTop = 6;
    /// <summary>The most steps a query may read.</summary>
    public const int MaxSteps = 10;
    /// <summary>The most touchpoints a step may name.</summary>
    public const int MaxTop = 50;

    /// <summary>Anchor: the moment the customer counts at this stage (index), as the funnel counts it. Null when <see cref="Touchpoint"/> is the anchor.</summary>
    public int? Stage { get; init; }
    /// <summary>Anchor: the customer's first meeting of the touchpoint of this name. Null when <see cref="Stage"/> is the anchor.</summary>
    public string? Touchpoint { get; init; }
    public PathDirection Direction { get; init; } = PathDirection.Next;
    /// <summary>K: how many steps are read from the anchor (1..<see cref="MaxSteps"/>).</summary>
    public int Steps { get; init; } = DefaultSteps;
    /// <summary>N: how many touchpoints each step names (1..<see cref="MaxTop"/>); the rest are pooled as "other".</summary>
    public int Top { get; init; } = DefaultTop;
    /// <summary>The stage transition the query was asked for, when it was (<see cref="From"/>, <see cref="Into"/>).</summary>
    public Transition? Transition { get; init; }

    /// <summary>A transition k−1 → k read forward from stage k−1: where the customers standing at k−1 went next (on to k, elsewhere, or out).</summary>
    public static PathQuery From(Transition transition, int steps = DefaultSteps, int top = DefaultTop) =>
        new() { Stage = transition.FromIndex, Transition = transition, Steps = steps, Top = top };

    /// <summary>A transition k−1 → k read backward from stage k: the touchpoints that led the converted customers into k.</summary>
    public static PathQuery Into(Transition transition, int steps = DefaultSteps, int top = DefaultTop) =>
        new() { Stage = transition.ToIndex, Transition = transition, Direction = PathDirection.Previous, Steps = steps, Top = top };

    /// <summary>The touchpoints met after (or before) a customer's first meeting of <paramref name="touchpoint"/>.</summary>
    public static PathQuery Around(string touchpoint, PathDirection direction = PathDirection.Next, int steps = DefaultSteps, int top = DefaultTop) =>
        new() { Touchpoint = touchpoint, Direction = direction, Steps = steps, Top = top };
}

/// <summary>
/// One node of a path analysis: at <see cref="Step"/> steps from the anchor, the customers whose path is there.
/// <see cref="Share"/> = Customers / the analysis's customers, so the shares of a step add up to 100 %.
/// </summary>
public sealed record PathNode
{
    /// <summary>0 for the anchor, 1..K for the steps.</summary>
    public required int Step { get; init; }
    /// <summary>Position within the step: named touchpoints by customers (most first, ties by name), then "other", then the end node.</summary>
    public required int Index { get; init; }
    public required PathNodeKind Kind { get; init; }
    /// <summary>The touchpoint name; for the other nodes a description ("Other touchpoints", "Left the journey", "Journey start", the anchor's name).</summary>
    public required string Name { get; init; }
    /// <summary>Customers whose path is at this node at this step.</summary>
    public required long Customers { get; init; }
    /// <summary>Customers / the analysis's customers (fraction 0-1).</summary>
    public required double Share { get; init; }
    /// <summary>Other: how many distinct touchpoints are pooled in it (0 for the other kinds).</summary>
    public int Touchpoints { get; init; }
}

/// <summary>Customers going from node <see cref="From"/> of step <see cref="Step"/> to node <see cref="To"/> of step <see cref="Step"/> + 1.</summary>
public sealed record PathLink(int Step, int From, int To, long Customers);

/// <summary>
/// The paths of one <see cref="PathQuery"/>: the customers of the report cohort who reached the anchor by the cut, and
/// for each step 1..K where each of them is (a touchpoint, "other", or the end node), consecutive repeats of a
/// touchpoint collapsed. Every step's customers add up to <see cref="Customers"/>; the links between two steps add up to
/// it too. Definition in docs/metrics.md ("Paths").
/// </summary>
public sealed record PathResult
{
    public required PathQuery Query { get; init; }
    /// <summary>The cohort month, "YYYY-MM".</summary>
    public required string Month { get; init; }
    /// <summary>The anchor's stage or touchpoint name: "Consideration", "Payment error".</summary>
    public required string Anchor { get; init; }
    /// <summary>Customers of the cohort who reached the anchor by the cut: the denominator of every share.</summary>
    public required long Customers { get; init; }
    /// <summary>[step][index]: step 0 holds the anchor node (absent when <see cref="Customers"/> is 0), steps 1..K their nodes.</summary>
    public required IReadOnlyList<IReadOnlyList<PathNode>> Steps { get; init; }
    /// <summary>Customers between the nodes of consecutive steps, ordered by step, then from, then to.</summary>
    public required IReadOnlyList<PathLink> Links { get; init; }
    /// <summary>What the counts rest on: "2026-08 cohort, customers at Consideration, touchpoints up to 2026-08-31 23:59:59 America/New_York".</summary>
    public required string Basis { get; init; }
    public PathDirection Direction => Query.Direction;
    /// <summary>The transition asked for, or null for a touchpoint anchor.</summary>
    public Transition? Transition => Query.Transition;
    /// <summary>The end node's name for this direction: "Left the journey" or "Journey start".</summary>
    public string EndName => PathAnalysis.EndName(Direction);
    /// <summary>One line naming the question: "Paths from Consideration (next 3 touchpoints)".</summary>
    public string Title => (Query.Stage is not null
        ? (Direction == PathDirection.Next ? $"Paths from {Anchor}" : $"Paths into {Anchor}")
        : (Direction == PathDirection.Next ? $"Paths after {Anchor}" : $"Paths before {Anchor}"))
        + $" ({(Direction == PathDirection.Next ? "next" : "previous")} {Query.Steps} touchpoint{(Query.Steps == 1 ? "" : "s")})";
}
