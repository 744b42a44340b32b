using System.Reflection;
using OncRpc.Xdr;

namespace OncRpc.XdrGen.Tests.Rpcgen;

/// <summary>An <see cref="IXdrCodec{T}"/> of a type known only at run time, as encode and decode delegates.</summary>
internal sealed class CodecHandle
{
    private static readonly MethodInfo EncodeMethod = typeof(CodecHandle).GetMethod(nameof(EncodeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo DecodeMethod = typeof(CodecHandle).GetMethod(nameof(DecodeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly object _codec;
    private readonly MethodInfo _encode;
    private readonly MethodInfo _decode;

    public CodecHandle(object codec)
    {
        _codec = codec;
        Type valueType = codec.GetType().GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IXdrCodec<>)).GetGenericArguments()[0];
        _encode = EncodeMethod.MakeGenericMethod(valueType);
        _decode = DecodeMethod.MakeGenericMethod(valueType);
    }

    /// <summary>Encodes; also checks that GetEncodedSize is exact.</summary>
    public byte[] Encode(object? value) => Unwrap(() => (byte[])_encode.Invoke(null, [_codec, value])!);

    /// <summary>Decodes all of <paramref name="data"/> (trailing bytes fail); throws what the codec throws.</summary>
    public object? Decode(byte[] data, XdrReaderOptions? options = null) => Unwrap(() => _decode.Invoke(null, [_codec, data, options]));

    private static T Unwrap<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private static byte[] EncodeTyped<T>(IXdrCodec<T> codec, T value) => DemoValues.Encode(codec, value);

    private static object? DecodeTyped<T>(IXdrCodec<T> codec, byte[] data, XdrReaderOptions? options) => DemoValues.Decode(codec, data, options);
}
