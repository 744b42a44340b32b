namespace OncRpc.Xdr;

/// <summary>The kinds of malformed XDR data reported by <see cref="XdrException"/>.</summary>
public enum XdrError
{
    /// <summary>The data ends before the value does.</summary>
    Truncated = 1,

    /// <summary>A length or count is larger than the configured limit or the declared maximum of the type.</summary>
    LimitExceeded = 2,

    /// <summary>Padding bytes after opaque data or a string are not zero.</summary>
    NonZeroPadding = 3,

    /// <summary>A boolean is neither 0 nor 1.</summary>
    InvalidBoolean = 4,

    /// <summary>A union discriminant or enumeration value has no defined arm.</summary>
    InvalidDiscriminant = 5,

    /// <summary>A string is not valid text in the expected encoding.</summary>
    InvalidString = 6,

    /// <summary>Bytes remain where the data should have ended.</summary>
    TrailingData = 7,

    /// <summary>A value is out of the range the type allows.</summary>
    InvalidValue = 8,
}
