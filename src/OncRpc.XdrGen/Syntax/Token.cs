namespace OncRpc.XdrGen.Syntax;

/// <summary>One token of the preprocessed input. A number keeps its text; the parser converts it.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, SourceLocation Location)
{
    public bool Is(string punctuationOrKeyword) => (Kind == TokenKind.Punctuation || Kind == TokenKind.Identifier) && Text == punctuationOrKeyword;

    public override string ToString() => Kind == TokenKind.End ? "end of input" : $"'{Text}'";
}
