using System.Text;

namespace OncRpc.XdrGen.Emit;

/// <summary>Indented C# text, with '\n' line ends whatever the platform, so output is identical everywhere.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;
    private int _locals;
    private bool _pendingBlank;
    private bool _justClosed;
    private static readonly string[] ContinuesBlock = ["}", "else", "finally", "catch", "case ", "default:", "    ", "#"];

    public void Line(string line = "")
    {
        if (line.Length == 0)
        {
            _pendingBlank = true;
            return;
        }

        // A blank line after a closing brace unless the construct continues, as the repository's style has it.
        if (_justClosed && !ContinuesBlock.Any(line.StartsWith))
        {
            _pendingBlank = true;
        }

        _justClosed = false;
        if (_pendingBlank)
        {
            // No blank line right after an opening brace.
            if (_text.Length > 0 && !EndsWithOpenBrace())
            {
                _text.Append('\n');
            }

            _pendingBlank = false;
        }

        _text.Append(' ', _indent * 4).Append(line).Append('\n');
    }

    public void Open(string? header = null)
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        _justClosed = false;
    }

    public void Close(string suffix = "")
    {
        _pendingBlank = false;
        _indent--;
        Line("}" + suffix);
        _justClosed = true;
    }

    /// <summary>A fresh local variable name for generated method bodies.</summary>
    public string Local(string prefix) => $"{prefix}{++_locals}";

    public void ResetLocals() => _locals = 0;

    public override string ToString() => _text.ToString();

    private bool EndsWithOpenBrace()
    {
        int i = _text.Length - 2;
        while (i >= 0 && _text[i] == ' ')
        {
            i--;
        }

        return i >= 0 && _text[i] == '{';
    }
}
