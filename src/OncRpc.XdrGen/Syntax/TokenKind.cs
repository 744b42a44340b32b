namespace OncRpc.XdrGen.Syntax;

internal enum TokenKind
{
    Identifier,
    Number,
    Punctuation,
    String,
    End,
}
