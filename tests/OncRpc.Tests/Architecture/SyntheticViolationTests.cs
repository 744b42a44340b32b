using System.Reflection;
using System.Reflection.Emit;
using Xunit;

namespace OncRpc.Tests.Architecture;

/// <summary>
/// Proof that the layer test fails when it should: an assembly built here, with types in the library's namespaces,
/// breaks each rule once in a different way (a call in a method body, a base type, a generic field, a typeof, a
/// nested type, a socket below the transports, a namespace without a rule), and the rules report exactly those.
/// </summary>
public sealed class SyntheticViolationTests
{
    [Fact]
    public void Each_kind_of_use_across_a_forbidden_line_is_reported_and_allowed_uses_are_not()
    {
        using var image = new MemoryStream();
        BuildSyntheticLibrary(image);
        image.Position = 0;

        IReadOnlyList<TypeUse> uses = TypeDependencyScanner.Scan(image);
        string[] violations = LayerRules.Violations(uses).Distinct().Order(StringComparer.Ordinal).ToArray();

        string[] expected =
        [
            "Handler (OncRpc.Server) uses Caller (OncRpc.Client)",                  // typeof in a method body
            "NewThing is in OncRpc.Gadgets, a namespace with no layer rule",        // a folder without a rule
            "Reader (OncRpc.Xdr) uses Caller (OncRpc.Client)",                      // newobj in a nested type's body
            "Reader (OncRpc.Xdr) uses Message (OncRpc.Messages)",                   // a call in a method body
            "Record (OncRpc.Framing) uses Message (OncRpc.Messages)",               // a generic field type argument
            "Transport (OncRpc.Client.Transport) uses Caller (OncRpc.Client)",      // a base type
            "Message (OncRpc.Messages) uses Socket (System.Net.Sockets)",           // a socket below the transports
        ];
        Assert.Equal(expected.Length, violations.Length);
        foreach (string violation in expected)
        {
            Assert.Contains(violations, v => v.StartsWith(violation, StringComparison.Ordinal));
        }
    }

    private static void BuildSyntheticLibrary(Stream image)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName("Synthetic"), typeof(object).Assembly);
        ModuleBuilder module = assembly.DefineDynamicModule("Synthetic");
        const TypeAttributes Public = TypeAttributes.Public | TypeAttributes.Class;

        // Messages: a message type that (wrongly) holds a socket, with a static method others call.
        TypeBuilder message = module.DefineType("OncRpc.Messages.Message", Public);
        message.DefineField("socket", typeof(System.Net.Sockets.Socket), FieldAttributes.Private);
        MethodBuilder parse = message.DefineMethod("Parse", MethodAttributes.Public | MethodAttributes.Static, typeof(int), Type.EmptyTypes);
        ILGenerator il = parse.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ret);
        message.CreateType();

        // Client: a caller, and an allowed use of Messages.
        TypeBuilder caller = module.DefineType("OncRpc.Client.Caller", Public);
        ConstructorBuilder callerCtor = caller.DefineDefaultConstructor(MethodAttributes.Public);
        MethodBuilder callsMessages = caller.DefineMethod("Decode", MethodAttributes.Public | MethodAttributes.Static, typeof(int), Type.EmptyTypes);
        il = callsMessages.GetILGenerator();
        il.Emit(OpCodes.Call, parse);
        il.Emit(OpCodes.Ret);
        caller.CreateType();

        // Xdr: calls into Messages, and a nested (compiler-style) type that creates a client type.
        TypeBuilder reader = module.DefineType("OncRpc.Xdr.Reader", Public);
        MethodBuilder read = reader.DefineMethod("Read", MethodAttributes.Public | MethodAttributes.Static, typeof(int), Type.EmptyTypes);
        il = read.GetILGenerator();
        il.Emit(OpCodes.Call, parse);
        il.Emit(OpCodes.Ret);
        TypeBuilder closure = reader.DefineNestedType("<>c", TypeAttributes.NestedPrivate | TypeAttributes.Class);
        MethodBuilder lambda = closure.DefineMethod("<Read>b__0", MethodAttributes.Public | MethodAttributes.Static, typeof(object), Type.EmptyTypes);
        il = lambda.GetILGenerator();
        il.Emit(OpCodes.Newobj, callerCtor);
        il.Emit(OpCodes.Ret);
        reader.CreateType();
        closure.CreateType();

        // Framing: a field whose generic type argument is a message.
        TypeBuilder record = module.DefineType("OncRpc.Framing.Record", Public);
        record.DefineField("queued", typeof(List<>).MakeGenericType(message), FieldAttributes.Private);
        record.CreateType();

        // Client transport deriving from its owner.
        TypeBuilder transport = module.DefineType("OncRpc.Client.Transport.Transport", Public, caller);
        transport.CreateType();

        // Server: typeof a client type.
        TypeBuilder handler = module.DefineType("OncRpc.Server.Handler", Public);
        MethodBuilder kind = handler.DefineMethod("Kind", MethodAttributes.Public | MethodAttributes.Static, typeof(RuntimeTypeHandle), Type.EmptyTypes);
        il = kind.GetILGenerator();
        il.Emit(OpCodes.Ldtoken, caller);
        il.Emit(OpCodes.Ret);
        handler.CreateType();

        module.DefineType("OncRpc.Gadgets.NewThing", Public).CreateType();
        assembly.Save(image);
    }
}
