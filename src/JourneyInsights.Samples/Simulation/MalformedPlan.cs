namespace JourneyInsights.Samples.Simulation;

/// <summary>
/// Where malformed rows are planted: for each kind, <c>count</c> target person indices spread evenly over the run;
/// once a target is passed the next eligible row takes the defect. O(1) state.
/// </summary>
internal sealed class MalformedPlan
{
    public const int AnalyticsKinds = 3;
    public const int CrmDuplicate = 0;
    public const int CrmBadDate = 1;
    public const int CrmEmptyEmail = 2;
    public const int SurveyNps11 = 0;
    public const int SurveyNpsText = 1;
    public const int SurveyCsat0 = 2;
    private const int Kinds = 3;

    private readonly int _people;
    private readonly int _perKind;
    private readonly int[,] _scheduled = new int[3, Kinds];
    private readonly int[,] _planted = new int[3, Kinds];
    private readonly bool[,] _due = new bool[3, Kinds];

    public MalformedPlan(int people)
    {
        _people = people;
        _perKind = Math.Max(1, (int)Math.Round(people / 2500.0));
    }

    public enum File
    {
        Analytics,
        Crm,
        Survey,
    }

    /// <summary>Defects of each kind planted per file (the same for every kind).</summary>
    public int PerKind => _perKind;

    public void Advance(int personIndex)
    {
        for (int f = 0; f < 3; f++)
        {
            for (int k = 0; k < Kinds; k++)
            {
                if (!_due[f, k] && _scheduled[f, k] < _perKind && personIndex >= Target(f, k, _scheduled[f, k]))
                {
                    _due[f, k] = true;
                    _scheduled[f, k]++;
                }
            }
        }
    }

    public bool TryConsume(File file, int kind)
    {
        if (!_due[(int)file, kind])
        {
            return false;
        }

        _due[(int)file, kind] = false;
        _planted[(int)file, kind]++;
        return true;
    }

    public int Planted(File file)
    {
        int sum = 0;
        for (int k = 0; k < Kinds; k++)
        {
            sum += _planted[(int)file, k];
        }

        return sum;
    }

    private long Target(int file, int kind, int j) =>
        (long)((j + (1.0 + kind + 3 * file) / 10.0) * _people / _perKind);
}
