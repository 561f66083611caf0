using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JourneyInsights.Notebooks.Runner;

/// <summary>
/// Papermill-style parameters: the cell tagged <c>parameters</c> declares the defaults (<c>var month = "2026-10";</c>);
/// overrides become a new cell right after it that declares the same names again with the given values, typed as the
/// original declaration (string, int, long, double, decimal or bool).
/// </summary>
internal static class NotebookParameters
{
    private static readonly CSharpParseOptions Script = CSharpParseOptions.Default.WithKind(SourceCodeKind.Script);

    /// <summary>Name → C# type of each variable declared in <paramref name="source"/> at the top level.</summary>
    public static IReadOnlyDictionary<string, string> Declarations(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, Script).GetRoot();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var declarations = root.ChildNodes().Select(n => n switch
        {
            FieldDeclarationSyntax f => f.Declaration,
            GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
            _ => null,
        }).OfType<VariableDeclarationSyntax>();
        foreach (var d in declarations)
            foreach (var v in d.Variables)
                result[v.Identifier.Text] = d.Type.IsVar ? Infer(v.Initializer?.Value) : d.Type.ToString();
        return result;
    }

    private static string Infer(ExpressionSyntax? value) => value switch
    {
        LiteralExpressionSyntax l when l.IsKind(SyntaxKind.StringLiteralExpression) => "string",
        LiteralExpressionSyntax l when l.IsKind(SyntaxKind.TrueLiteralExpression) || l.IsKind(SyntaxKind.FalseLiteralExpression) => "bool",
        LiteralExpressionSyntax l when l.IsKind(SyntaxKind.NumericLiteralExpression) => l.Token.Value switch
        {
            int => "int", long => "long", double => "double", decimal => "decimal", float => "float", _ => "double",
        },
        PrefixUnaryExpressionSyntax { OperatorToken.Text: "-" } p => Infer(p.Operand),
        InterpolatedStringExpressionSyntax => "string",
        _ => "?",
    };

    /// <summary>The source of the injected cell, or null when there is nothing to override.</summary>
    /// <exception cref="NotebookParameterException">No parameters cell, an undeclared name or a value of the wrong type.</exception>
    public static string? Injected(NotebookCell? parametersCell, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0) return null;
        if (parametersCell is null)
            throw new NotebookParameterException("the notebook has no cell tagged 'parameters', so --param cannot be used");
        var declared = Declarations(parametersCell.Source);
        var code = new StringBuilder("// Injected parameters\n");
        foreach (var (name, value) in values)
        {
            if (!declared.TryGetValue(name, out var type))
                throw new NotebookParameterException(
                    $"parameter '{name}' is not declared in the parameters cell (declared: {string.Join(", ", declared.Keys)})");
            code.Append(type == "?" ? "var" : type).Append(' ').Append(name).Append(" = ").Append(Literal(name, type, value)).Append(";\n");
        }
        return code.ToString().TrimEnd('\n');
    }

    private static string Literal(string name, string type, string value)
    {
        var c = CultureInfo.InvariantCulture;
        string Fail() => throw new NotebookParameterException($"parameter '{name}' is {type}; '{value}' is not a {type}");
        return type.TrimEnd('?') switch
        {
            "string" => SymbolDisplay.FormatLiteral(value, quote: true),
            "bool" => bool.TryParse(value, out var b) ? (b ? "true" : "false") : Fail(),
            "int" => int.TryParse(value, NumberStyles.Integer, c, out var i) ? i.ToString(c) : Fail(),
            "long" => long.TryParse(value, NumberStyles.Integer, c, out var l) ? l.ToString(c) + "L" : Fail(),
            "double" => double.TryParse(value, NumberStyles.Float, c, out var d) ? d.ToString("R", c) + "d" : Fail(),
            "float" => float.TryParse(value, NumberStyles.Float, c, out var f) ? f.ToString("R", c) + "f" : Fail(),
            "decimal" => decimal.TryParse(value, NumberStyles.Number, c, out var m) ? m.ToString(c) + "m" : Fail(),
            _ => throw new NotebookParameterException(
                $"parameter '{name}' is declared as {(type == "?" ? "var with a non-literal value" : type)}; only string, bool and number parameters can be set"),
        };
    }
}
