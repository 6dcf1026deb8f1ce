using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Provenance.Core.Tests.Architecture;

/// <summary>
/// Which of an assembly's own namespaces each of its namespaces refers to, read from the compiled metadata with
/// System.Reflection.Metadata: base types and interfaces, generic constraints, the signatures of fields,
/// methods and properties, local variables, and every type, method or field token in the method bodies' IL.
/// A reference the C# source makes only inside a method body (a <c>new T()</c>, a static call, a cast) shows
/// up only in the IL, which is why the bodies are read. Nested and compiler-generated types (closures, state
/// machines) count for the namespace of their outermost declaring type, where their source lives.
/// </summary>
internal sealed class NamespaceReferences
{
    /// <summary>One reference that makes <c>From</c> depend on <c>To</c>, kept to explain an edge.</summary>
    internal sealed record Edge(string From, string To, string FromType, string ToType);

    private readonly Dictionary<(string From, string To), Edge> _edges = [];

    /// <summary>Edges between distinct namespaces, one example reference each.</summary>
    public IReadOnlyCollection<Edge> Edges => _edges.Values;

    /// <param name="readBodies">False reads signatures only (to show what the IL adds).</param>
    public static NamespaceReferences Read(string assemblyPath, bool readBodies = true)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var result = new NamespaceReferences();
        var walker = new Walker(reader, pe, result, readBodies);
        foreach (var handle in reader.TypeDefinitions)
        {
            walker.Type(handle);
        }

        return result;
    }

    private void Add(string from, string to, string fromType, string toType)
    {
        if (from != to)
        {
            _edges.TryAdd((from, to), new Edge(from, to, fromType, toType));
        }
    }

    private sealed class Walker(MetadataReader reader, PEReader pe, NamespaceReferences result, bool readBodies)
    {
        private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(field => (OpCode)field.GetValue(null)!)
            .ToDictionary(code => unchecked((ushort)code.Value), code => code.OperandType);

        private readonly TypeCollector _collector = new(reader);
        private string _fromNamespace = "";
        private string _fromType = "";

        public void Type(TypeDefinitionHandle handle)
        {
            (_fromNamespace, _fromType) = Describe(handle);
            if (_fromNamespace.Length == 0)
            {
                return; // <Module> and other compiler types outside any namespace
            }

            var type = reader.GetTypeDefinition(handle);
            Entity(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Entity(reader.GetInterfaceImplementation(implementation).Interface);
            }

            GenericParameters(type.GetGenericParameters());
            foreach (var field in type.GetFields())
            {
                Found(reader.GetFieldDefinition(field).DecodeSignature(_collector, null));
            }

            foreach (var property in type.GetProperties())
            {
                var signature = reader.GetPropertyDefinition(property).DecodeSignature(_collector, null);
                Found(signature.ReturnType);
                Found(signature.ParameterTypes);
            }

            foreach (var method in type.GetMethods())
            {
                Method(reader.GetMethodDefinition(method));
            }
        }

        private void Method(MethodDefinition method)
        {
            var signature = method.DecodeSignature(_collector, null);
            Found(signature.ReturnType);
            Found(signature.ParameterTypes);
            GenericParameters(method.GetGenericParameters());
            if (method.RelativeVirtualAddress == 0 || !readBodies)
            {
                return; // abstract, extern or an interface member: no body
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                var locals = reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_collector, null);
                Found(locals);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                ushort code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = (ushort)(0xFE00 | il.ReadByte());
                }

                switch (Operands[code])
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32(); // read before Offset: `Offset += 4 * ReadInt32()` reads Offset first
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var parameter in parameters)
            {
                foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
                {
                    Entity(reader.GetGenericParameterConstraint(constraint).Type);
                }
            }
        }

        private void Entity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Found([(TypeDefinitionHandle)handle]);
                    break;
                case HandleKind.TypeSpecification:
                    Found(reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_collector, null));
                    break;
                case HandleKind.MethodDefinition:
                    Found([reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()]);
                    break;
                case HandleKind.FieldDefinition:
                    Found([reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()]);
                    break;
                case HandleKind.MemberReference:
                    // A member of a generic instantiation (List<Foo>.Add) or of a foreign type: its parent says
                    // whose member it is; its signature holds no type the caller does not already name.
                    Entity(reader.GetMemberReference((MemberReferenceHandle)handle).Parent);
                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(specification.Method);
                    Found(specification.DecodeSignature(_collector, null));
                    break;
                default:
                    break; // type references: other assemblies
            }
        }

        private void Found(ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeLists)
        {
            foreach (var types in typeLists)
            {
                Found(types);
            }
        }

        private void Found(ImmutableArray<TypeDefinitionHandle> types)
        {
            foreach (var type in types)
            {
                var (ns, name) = Describe(type);
                if (ns.Length > 0)
                {
                    result.Add(_fromNamespace, ns, _fromType, name);
                }
            }
        }

        /// <summary>The namespace and name of a type's outermost declaring type.</summary>
        private (string Namespace, string Name) Describe(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            while (type.IsNested)
            {
                type = reader.GetTypeDefinition(type.GetDeclaringType());
            }

            return (reader.GetString(type.Namespace), reader.GetString(type.Name));
        }
    }

    /// <summary>Decodes a signature into the assembly's own type definitions it mentions.</summary>
    private sealed class TypeCollector(MetadataReader reader)
        : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => None;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) =>
            unmodifiedType.AddRange(modifier);

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            genericType.AddRange(typeArguments.SelectMany(argument => argument));

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            signature.ReturnType.AddRange(signature.ParameterTypes.SelectMany(parameter => parameter));
    }
}
