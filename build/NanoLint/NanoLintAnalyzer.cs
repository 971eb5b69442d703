using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace M2MDevice.NanoLint
{
    /// <summary>
    /// Reports the constructs of <see cref="NanoRules"/>. The nano gate compiles against nanoFramework's
    /// mscorlib, where many BCL types do not resolve, so every check works from syntax first and uses
    /// symbols only when they resolve (error symbols never throw and never hide a syntactic finding).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NanoLintAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Rules = ImmutableArray.Create(
            NanoRules.GenericType,
            NanoRules.GenericMethod,
            NanoRules.ActionFunc,
            NanoRules.Lambda,
            NanoRules.MultidimensionalArray,
            NanoRules.Async,
            NanoRules.Iterator,
            NanoRules.Linq,
            NanoRules.SystemText,
            NanoRules.Tuple,
            NanoRules.NullableValue,
            NanoRules.Dynamic,
            NanoRules.StackAlloc,
            NanoRules.Unsafe,
            NanoRules.Reflection,
            NanoRules.Record,
            NanoRules.InterfaceMember,
            NanoRules.RefStruct,
            NanoRules.Span,
            NanoRules.AnonymousType,
            NanoRules.GenericUse,
            NanoRules.IndexRange);

        // Members of System.Type that look members up by name or walk metadata.
        private static readonly ImmutableHashSet<string> TypeReflectionMembers = ImmutableHashSet.Create(
            "GetMethod", "GetMethods", "GetField", "GetFields", "GetProperty", "GetProperties",
            "GetConstructor", "GetConstructors", "GetMember", "GetMembers", "GetEvent", "GetEvents",
            "GetInterface", "GetInterfaces", "GetNestedType", "GetNestedTypes", "InvokeMember",
            "GetCustomAttributes", "GetCustomAttributesData", "IsDefined", "MakeGenericType",
            "GetGenericArguments", "GetGenericTypeDefinition", "Assembly", "Module");

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules;

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            // Generated code runs on the device too.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();

            context.RegisterSyntaxTreeAction(AnalyzeKeywords);
            context.RegisterSyntaxNodeAction(
                AnalyzeTypeDeclaration,
                SyntaxKind.ClassDeclaration,
                SyntaxKind.StructDeclaration,
                SyntaxKind.InterfaceDeclaration,
                SyntaxKind.RecordDeclaration,
                SyntaxKind.RecordStructDeclaration);
            context.RegisterSyntaxNodeAction(AnalyzeDelegateDeclaration, SyntaxKind.DelegateDeclaration);
            context.RegisterSyntaxNodeAction(AnalyzeMethodDeclaration, SyntaxKind.MethodDeclaration);
            context.RegisterSyntaxNodeAction(AnalyzeLocalFunction, SyntaxKind.LocalFunctionStatement);
            context.RegisterSyntaxNodeAction(
                AnalyzeLambda,
                SyntaxKind.SimpleLambdaExpression,
                SyntaxKind.ParenthesizedLambdaExpression,
                SyntaxKind.AnonymousMethodExpression);
            context.RegisterSyntaxNodeAction(AnalyzeRankSpecifier, SyntaxKind.ArrayRankSpecifier);
            context.RegisterSyntaxNodeAction(AnalyzeImplicitArrayCreation, SyntaxKind.ImplicitArrayCreationExpression);
            context.RegisterSyntaxNodeAction(AnalyzeQuery, SyntaxKind.QueryExpression);
            context.RegisterSyntaxNodeAction(AnalyzeUsingDirective, SyntaxKind.UsingDirective);
            context.RegisterSyntaxNodeAction(AnalyzeQualifiedName, SyntaxKind.QualifiedName, SyntaxKind.SimpleMemberAccessExpression);
            context.RegisterSyntaxNodeAction(AnalyzeTuple, SyntaxKind.TupleType, SyntaxKind.TupleExpression);
            context.RegisterSyntaxNodeAction(AnalyzeNullableType, SyntaxKind.NullableType);
            context.RegisterSyntaxNodeAction(AnalyzeIdentifierName, SyntaxKind.IdentifierName);
            context.RegisterSyntaxNodeAction(AnalyzeGenericName, SyntaxKind.GenericName);
            context.RegisterSyntaxNodeAction(AnalyzeInvocation, SyntaxKind.InvocationExpression);
            context.RegisterSyntaxNodeAction(AnalyzeAnonymousObject, SyntaxKind.AnonymousObjectCreationExpression);
            context.RegisterSyntaxNodeAction(AnalyzeIndexOrRange, SyntaxKind.IndexExpression, SyntaxKind.RangeExpression, SyntaxKind.SlicePattern);
            context.RegisterOperationAction(AnalyzeDelegateCreation, OperationKind.DelegateCreation);
        }

        // async, await, yield, stackalloc, unsafe, fixed: keywords whose mere presence is the finding.
        private static void AnalyzeKeywords(SyntaxTreeAnalysisContext context)
        {
            SyntaxNode root = context.Tree.GetRoot(context.CancellationToken);
            foreach (SyntaxToken token in root.DescendantTokens())
            {
                switch (token.Kind())
                {
                    case SyntaxKind.AsyncKeyword:
                        Report(context, NanoRules.Async, token.GetLocation(), "async");
                        break;
                    case SyntaxKind.AwaitKeyword:
                        Report(context, NanoRules.Async, token.GetLocation(), "await");
                        break;
                    case SyntaxKind.YieldKeyword:
                        string form = token.Parent.IsKind(SyntaxKind.YieldBreakStatement) ? "yield break" : "yield return";
                        Report(context, NanoRules.Iterator, token.GetLocation(), form);
                        break;
                    case SyntaxKind.StackAllocKeyword:
                        Report(context, NanoRules.StackAlloc, token.GetLocation());
                        break;
                    case SyntaxKind.UnsafeKeyword:
                        Report(context, NanoRules.Unsafe, token.GetLocation(), "unsafe");
                        break;
                    case SyntaxKind.FixedKeyword:
                        Report(context, NanoRules.Unsafe, token.GetLocation(), "fixed");
                        break;
                }
            }
        }

        private static void AnalyzeTypeDeclaration(SyntaxNodeAnalysisContext context)
        {
            var declaration = (TypeDeclarationSyntax)context.Node;
            string name = declaration.Identifier.ValueText;
            Location location = declaration.Identifier.GetLocation();

            if (declaration.TypeParameterList != null)
            {
                Report(context, NanoRules.GenericType, location, name + declaration.TypeParameterList);
            }

            if (declaration.IsKind(SyntaxKind.RecordDeclaration) || declaration.IsKind(SyntaxKind.RecordStructDeclaration))
            {
                Report(context, NanoRules.Record, location, name);
            }

            if (declaration.IsKind(SyntaxKind.StructDeclaration) && declaration.Modifiers.Any(SyntaxKind.RefKeyword))
            {
                Report(context, NanoRules.RefStruct, location, name);
            }

            if (declaration is InterfaceDeclarationSyntax contract)
            {
                foreach (MemberDeclarationSyntax member in contract.Members)
                {
                    AnalyzeInterfaceMember(context, member);
                }
            }
        }

        private static void AnalyzeInterfaceMember(SyntaxNodeAnalysisContext context, MemberDeclarationSyntax member)
        {
            bool isStatic = member.Modifiers.Any(SyntaxKind.StaticKeyword);
            switch (member)
            {
                case MethodDeclarationSyntax method:
                    if (isStatic || method.Body != null || method.ExpressionBody != null)
                    {
                        Report(context, NanoRules.InterfaceMember, method.Identifier.GetLocation(), method.Identifier.ValueText);
                    }

                    break;
                case PropertyDeclarationSyntax property:
                    if (isStatic || property.ExpressionBody != null || HasAccessorBody(property.AccessorList))
                    {
                        Report(context, NanoRules.InterfaceMember, property.Identifier.GetLocation(), property.Identifier.ValueText);
                    }

                    break;
                case IndexerDeclarationSyntax indexer:
                    if (isStatic || indexer.ExpressionBody != null || HasAccessorBody(indexer.AccessorList))
                    {
                        Report(context, NanoRules.InterfaceMember, indexer.ThisKeyword.GetLocation(), "this[]");
                    }

                    break;
                case EventDeclarationSyntax customEvent:
                    if (isStatic || HasAccessorBody(customEvent.AccessorList))
                    {
                        Report(context, NanoRules.InterfaceMember, customEvent.Identifier.GetLocation(), customEvent.Identifier.ValueText);
                    }

                    break;
                case EventFieldDeclarationSyntax fieldEvent:
                    if (isStatic)
                    {
                        foreach (VariableDeclaratorSyntax variable in fieldEvent.Declaration.Variables)
                        {
                            Report(context, NanoRules.InterfaceMember, variable.Identifier.GetLocation(), variable.Identifier.ValueText);
                        }
                    }

                    break;
                case FieldDeclarationSyntax field:
                    // Constants are inlined by the compiler; any other interface field is static state.
                    if (!field.Modifiers.Any(SyntaxKind.ConstKeyword))
                    {
                        foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                        {
                            Report(context, NanoRules.InterfaceMember, variable.Identifier.GetLocation(), variable.Identifier.ValueText);
                        }
                    }

                    break;
                case OperatorDeclarationSyntax op:
                    Report(context, NanoRules.InterfaceMember, op.OperatorToken.GetLocation(), "operator " + op.OperatorToken.ValueText);
                    break;
                case ConversionOperatorDeclarationSyntax conversion:
                    Report(context, NanoRules.InterfaceMember, conversion.Type.GetLocation(), "operator " + conversion.Type);
                    break;
                case ConstructorDeclarationSyntax constructor:
                    Report(context, NanoRules.InterfaceMember, constructor.Identifier.GetLocation(), constructor.Identifier.ValueText);
                    break;
            }
        }

        private static bool HasAccessorBody(AccessorListSyntax accessors)
        {
            if (accessors == null)
            {
                return false;
            }

            foreach (AccessorDeclarationSyntax accessor in accessors.Accessors)
            {
                if (accessor.Body != null || accessor.ExpressionBody != null)
                {
                    return true;
                }
            }

            return false;
        }

        private static void AnalyzeDelegateDeclaration(SyntaxNodeAnalysisContext context)
        {
            var declaration = (DelegateDeclarationSyntax)context.Node;
            if (declaration.TypeParameterList != null)
            {
                Report(context, NanoRules.GenericType, declaration.Identifier.GetLocation(), declaration.Identifier.ValueText + declaration.TypeParameterList);
            }
        }

        private static void AnalyzeMethodDeclaration(SyntaxNodeAnalysisContext context)
        {
            var declaration = (MethodDeclarationSyntax)context.Node;
            if (declaration.TypeParameterList != null)
            {
                Report(context, NanoRules.GenericMethod, declaration.Identifier.GetLocation(), declaration.Identifier.ValueText + declaration.TypeParameterList);
            }
        }

        private static void AnalyzeLocalFunction(SyntaxNodeAnalysisContext context)
        {
            var declaration = (LocalFunctionStatementSyntax)context.Node;
            if (declaration.TypeParameterList != null)
            {
                Report(context, NanoRules.GenericMethod, declaration.Identifier.GetLocation(), declaration.Identifier.ValueText + declaration.TypeParameterList);
            }
        }

        private static void AnalyzeLambda(SyntaxNodeAnalysisContext context)
        {
            var function = (AnonymousFunctionExpressionSyntax)context.Node;
            TypeInfo info = context.SemanticModel.GetTypeInfo(function, context.CancellationToken);
            ITypeSymbol target = info.ConvertedType ?? info.Type;
            if (IsNamedNonGenericDelegate(target))
            {
                return;
            }

            string kind = function.IsKind(SyntaxKind.AnonymousMethodExpression) ? "Anonymous method" : "Lambda";
            string targetName = target == null || target.TypeKind == TypeKind.Error && target.Name.Length == 0
                ? "no known delegate type"
                : target.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            Location location = function is LambdaExpressionSyntax lambda
                ? Location.Create(function.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(function.SpanStart, lambda.ArrowToken.Span.End))
                : function.GetFirstToken().GetLocation();
            Report(context, NanoRules.Lambda, location, kind, targetName);
        }

        private static bool IsNamedNonGenericDelegate(ITypeSymbol type)
        {
            return type is INamedTypeSymbol named
                && named.TypeKind == TypeKind.Delegate
                && !named.IsAnonymousType
                && !named.IsImplicitlyDeclared
                && !IsGenericAnywhere(named)
                && !IsActionOrFunc(named);
        }

        private static void AnalyzeRankSpecifier(SyntaxNodeAnalysisContext context)
        {
            var rank = (ArrayRankSpecifierSyntax)context.Node;
            if (rank.Rank > 1)
            {
                Report(context, NanoRules.MultidimensionalArray, rank.GetLocation(), rank.ToString(), rank.Rank);
            }
        }

        private static void AnalyzeImplicitArrayCreation(SyntaxNodeAnalysisContext context)
        {
            var creation = (ImplicitArrayCreationExpressionSyntax)context.Node;
            if (creation.Commas.Count > 0)
            {
                Location location = Location.Create(
                    creation.SyntaxTree,
                    Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(creation.NewKeyword.SpanStart, creation.CloseBracketToken.Span.End));
                Report(context, NanoRules.MultidimensionalArray, location, "new[" + new string(',', creation.Commas.Count) + "]", creation.Commas.Count + 1);
            }
        }

        private static void AnalyzeQuery(SyntaxNodeAnalysisContext context)
        {
            var query = (QueryExpressionSyntax)context.Node;
            Report(context, NanoRules.Linq, query.FromClause.FromKeyword.GetLocation(), "query expression");
        }

        private static void AnalyzeUsingDirective(SyntaxNodeAnalysisContext context)
        {
            var directive = (UsingDirectiveSyntax)context.Node;
            if (directive.NamespaceOrType == null)
            {
                return;
            }

            string name = PlainName(directive.NamespaceOrType);
            DiagnosticDescriptor rule = NamespaceRule(name, includeGenericCollections: true);

            // Assembly attributes legitimately need `using System.Reflection`; reflection is judged per use.
            if (rule != null && rule != NanoRules.Reflection)
            {
                Report(context, rule, directive.NamespaceOrType.GetLocation(), "using " + name);
            }
        }

        // System.Text.Encoding and the like when they do not resolve (nanoFramework's mscorlib has no such
        // namespace); resolved uses are reported by AnalyzeIdentifierName at the type or member.
        private static void AnalyzeQualifiedName(SyntaxNodeAnalysisContext context)
        {
            SyntaxNode node = context.Node;
            ExpressionSyntax left = node is QualifiedNameSyntax qualified
                ? qualified.Left
                : ((MemberAccessExpressionSyntax)node).Expression;
            if (node.FirstAncestorOrSelf<UsingDirectiveSyntax>() != null)
            {
                return;
            }

            DiagnosticDescriptor rule = NamespaceRule(PlainName(left), includeGenericCollections: false);
            if (rule == null || !IsExactNamespaceRoot(PlainName(left)))
            {
                return;
            }

            SymbolInfo info = context.SemanticModel.GetSymbolInfo(node, context.CancellationToken);
            if (info.Symbol == null && info.CandidateSymbols.IsEmpty)
            {
                Report(context, rule, node.GetLocation(), PlainName((ExpressionSyntax)node));
            }
        }

        private static void AnalyzeTuple(SyntaxNodeAnalysisContext context)
        {
            SyntaxNode node = context.Node;
            bool nested = node.IsKind(SyntaxKind.TupleType)
                ? node.Parent is TupleElementSyntax
                : node.Parent is ArgumentSyntax && node.Parent.Parent.IsKind(SyntaxKind.TupleExpression);
            if (!nested)
            {
                Report(context, NanoRules.Tuple, node.GetLocation(), node.ToString());
            }
        }

        private static void AnalyzeNullableType(SyntaxNodeAnalysisContext context)
        {
            var nullable = (NullableTypeSyntax)context.Node;
            ITypeSymbol element = context.SemanticModel.GetTypeInfo(nullable.ElementType, context.CancellationToken).Type;

            // string? is a nullable reference annotation, not Nullable<T>; T? of an unconstrained type
            // parameter is already a generic definition (NANO001/NANO002).
            if (element != null && (element.IsReferenceType || element.TypeKind == TypeKind.TypeParameter && !element.IsValueType))
            {
                return;
            }

            Report(context, NanoRules.NullableValue, nullable.GetLocation(), nullable.ToString());
        }

        private static void AnalyzeIdentifierName(SyntaxNodeAnalysisContext context)
        {
            var name = (IdentifierNameSyntax)context.Node;
            SemanticModel model = context.SemanticModel;

            if (name.IsVar)
            {
                ITypeSymbol inferred = model.GetTypeInfo(name, context.CancellationToken).Type;
                DiagnosticDescriptor rule = ClassifyType(inferred);
                if (rule != null)
                {
                    ReportType(context, rule, name.GetLocation(), inferred);
                }

                return;
            }

            string text = name.Identifier.ValueText;
            SymbolInfo info = model.GetSymbolInfo(name, context.CancellationToken);
            ISymbol symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);

            if (text == "dynamic")
            {
                ITypeSymbol type = model.GetTypeInfo(name, context.CancellationToken).Type;
                if (type != null && type.TypeKind == TypeKind.Dynamic || symbol == null && SyntaxFacts.IsInTypeOnlyContext(name))
                {
                    Report(context, NanoRules.Dynamic, name.GetLocation());
                    return;
                }
            }

            if (symbol == null)
            {
                AnalyzeUnresolvedIdentifier(context, name, text);
                return;
            }

            if (symbol is INamedTypeSymbol type2)
            {
                if (IsActionOrFunc(type2))
                {
                    Report(context, NanoRules.ActionFunc, name.GetLocation(), type2.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
                    return;
                }

                if (IsInSystem(type2, "Activator"))
                {
                    Report(context, NanoRules.Reflection, name.GetLocation(), text);
                    return;
                }

                DiagnosticDescriptor rule = NamespaceRule(NamespaceOf(type2), includeGenericCollections: false);
                if (rule != null && !(rule == NanoRules.Reflection && IsInAttribute(name)))
                {
                    Report(context, rule, name.GetLocation(), text);
                }

                return;
            }

            if (symbol is IMethodSymbol || symbol is IPropertySymbol || symbol is IFieldSymbol || symbol is IEventSymbol)
            {
                AnalyzeMemberUse(context, name, symbol);
            }
        }

        private static void AnalyzeUnresolvedIdentifier(SyntaxNodeAnalysisContext context, IdentifierNameSyntax name, string text)
        {
            if ((text == "Action" || text == "Func") && SyntaxFacts.IsInTypeOnlyContext(name))
            {
                Report(context, NanoRules.ActionFunc, name.GetLocation(), text);
                return;
            }

            if (text == "Activator" && IsLeftOfMemberAccess(name))
            {
                Report(context, NanoRules.Reflection, name.GetLocation(), text);
                return;
            }

            // typeof(X).GetMethod(...) where the member does not resolve.
            if (TypeReflectionMembers.Contains(text)
                && name.Parent is MemberAccessExpressionSyntax access
                && access.Name == name
                && access.Expression is TypeOfExpressionSyntax)
            {
                Report(context, NanoRules.Reflection, name.GetLocation(), text);
            }
        }

        private static void AnalyzeMemberUse(SyntaxNodeAnalysisContext context, IdentifierNameSyntax name, ISymbol member)
        {
            INamedTypeSymbol owner = member.ContainingType;
            if (owner == null)
            {
                return;
            }

            ExpressionSyntax receiver = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access.Expression : null;
            ITypeSymbol receiverType = receiver == null ? null : context.SemanticModel.GetTypeInfo(receiver, context.CancellationToken).Type;

            // On a System.Type, only member lookup is reflection; Name, FullName and the like are not.
            if (DerivesFromSystemType(owner) || DerivesFromSystemType(receiverType as INamedTypeSymbol))
            {
                if (TypeReflectionMembers.Contains(member.Name) || member.Name == "GetType" && member.IsStatic)
                {
                    Report(context, NanoRules.Reflection, name.GetLocation(), member.Name);
                }

                return;
            }

            DiagnosticDescriptor rule = NamespaceRule(NamespaceOf(owner), includeGenericCollections: false);
            if (rule == null || rule == NanoRules.Reflection && IsInAttribute(name))
            {
                return;
            }

            // Static access through a type name: that type name is reported already.
            if (receiver != null)
            {
                ISymbol receiverSymbol = context.SemanticModel.GetSymbolInfo(receiver, context.CancellationToken).Symbol;
                if (receiverSymbol is INamedTypeSymbol receiverTypeName
                    && NamespaceRule(NamespaceOf(receiverTypeName), includeGenericCollections: false) == rule)
                {
                    return;
                }
            }

            Report(context, rule, name.GetLocation(), member.Name);
        }

        private static void AnalyzeGenericName(SyntaxNodeAnalysisContext context)
        {
            var name = (GenericNameSyntax)context.Node;
            string text = name.Identifier.ValueText;
            SymbolInfo info = context.SemanticModel.GetSymbolInfo(name, context.CancellationToken);
            ISymbol symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
            if (symbol != null && symbol.Kind == SymbolKind.ErrorType)
            {
                symbol = null;
            }

            // Well-known System types by name: resolved in System, or unresolved (nano's mscorlib lacks them).
            bool systemOrUnknown = symbol == null || NamespaceOf(symbol) == "System";
            DiagnosticDescriptor rule = null;
            if (systemOrUnknown)
            {
                switch (text)
                {
                    case "Action":
                    case "Func":
                        rule = NanoRules.ActionFunc;
                        break;
                    case "Nullable":
                        rule = NanoRules.NullableValue;
                        break;
                    case "Span":
                    case "ReadOnlySpan":
                    case "Memory":
                    case "ReadOnlyMemory":
                        rule = NanoRules.Span;
                        break;
                    case "ValueTuple":
                    case "Tuple":
                        rule = NanoRules.Tuple;
                        break;
                }
            }

            if (rule == null && symbol != null)
            {
                rule = NamespaceRule(NamespaceOf(symbol is INamedTypeSymbol ? symbol : symbol.ContainingType), includeGenericCollections: false);
            }

            Report(context, rule ?? NanoRules.GenericUse, name.GetLocation(), name.ToString());
        }

        // A generic method called with inferred type arguments: Sort(items) for Sort<T>(T[]).
        private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            SimpleNameSyntax invoked;
            switch (invocation.Expression)
            {
                case IdentifierNameSyntax identifier:
                    invoked = identifier;
                    break;
                case MemberAccessExpressionSyntax access when access.Name is IdentifierNameSyntax:
                    invoked = access.Name;
                    break;
                case MemberBindingExpressionSyntax binding when binding.Name is IdentifierNameSyntax:
                    invoked = binding.Name;
                    break;
                default:
                    return;
            }

            if (context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is IMethodSymbol method
                && method.IsGenericMethod
                && NamespaceRule(NamespaceOf(method.ContainingType), includeGenericCollections: false) == null)
            {
                Report(context, NanoRules.GenericUse, invoked.GetLocation(), method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
            }
        }

        private static void AnalyzeAnonymousObject(SyntaxNodeAnalysisContext context)
        {
            var creation = (AnonymousObjectCreationExpressionSyntax)context.Node;
            Report(context, NanoRules.AnonymousType, creation.NewKeyword.GetLocation(), "new { ... }");
        }

        private static void AnalyzeIndexOrRange(SyntaxNodeAnalysisContext context)
        {
            SyntaxNode node = context.Node;
            if (node.IsKind(SyntaxKind.IndexExpression) && node.Parent.IsKind(SyntaxKind.RangeExpression))
            {
                return;
            }

            Report(context, NanoRules.IndexRange, node.GetLocation(), node.ToString());
        }

        // Method groups converted to Action/Func or another generic delegate: Run(Tick) where Run takes an Action.
        private static void AnalyzeDelegateCreation(OperationAnalysisContext context)
        {
            var creation = (IDelegateCreationOperation)context.Operation;
            if (!(creation.Target is IMethodReferenceOperation) || creation.Syntax is ObjectCreationExpressionSyntax)
            {
                return;
            }

            DiagnosticDescriptor rule = ClassifyType(creation.Type);
            if (rule != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    rule,
                    creation.Syntax.GetLocation(),
                    creation.Type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
            }
        }

        // The rule a resolved type breaks, if any (for types the source does not spell out).
        private static DiagnosticDescriptor ClassifyType(ITypeSymbol type)
        {
            if (type == null || type.TypeKind == TypeKind.Error)
            {
                return null;
            }

            switch (type)
            {
                case IArrayTypeSymbol array:
                    return array.Rank > 1 ? NanoRules.MultidimensionalArray : ClassifyType(array.ElementType);
                case IPointerTypeSymbol _:
                case IFunctionPointerTypeSymbol _:
                    return NanoRules.Unsafe;
            }

            if (type.TypeKind == TypeKind.Dynamic)
            {
                return NanoRules.Dynamic;
            }

            if (!(type is INamedTypeSymbol named))
            {
                return null;
            }

            if (named.IsTupleType || IsInSystem(named, "ValueTuple") || IsInSystem(named, "Tuple"))
            {
                return NanoRules.Tuple;
            }

            if (named.IsAnonymousType)
            {
                return NanoRules.AnonymousType;
            }

            if (IsActionOrFunc(named))
            {
                return NanoRules.ActionFunc;
            }

            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                return NanoRules.NullableValue;
            }

            if (IsInSystem(named, "Span") || IsInSystem(named, "ReadOnlySpan") || IsInSystem(named, "Memory") || IsInSystem(named, "ReadOnlyMemory"))
            {
                return NanoRules.Span;
            }

            DiagnosticDescriptor rule = NamespaceRule(NamespaceOf(named), includeGenericCollections: false);
            if (rule != null)
            {
                return rule;
            }

            return IsGenericAnywhere(named) ? NanoRules.GenericUse : null;
        }

        private static void ReportType(SyntaxNodeAnalysisContext context, DiagnosticDescriptor rule, Location location, ITypeSymbol type)
        {
            string display = type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            if (rule == NanoRules.MultidimensionalArray)
            {
                Report(context, rule, location, display, ((IArrayTypeSymbol)type).Rank);
            }
            else if (rule == NanoRules.Dynamic || rule == NanoRules.StackAlloc)
            {
                Report(context, rule, location);
            }
            else
            {
                Report(context, rule, location, display);
            }
        }

        private static DiagnosticDescriptor NamespaceRule(string name, bool includeGenericCollections)
        {
            if (name == null)
            {
                return null;
            }

            if (IsSameOrChild(name, "System.Linq"))
            {
                return NanoRules.Linq;
            }

            if (IsSameOrChild(name, "System.Text"))
            {
                return NanoRules.SystemText;
            }

            if (IsSameOrChild(name, "System.Reflection"))
            {
                return NanoRules.Reflection;
            }

            if (IsSameOrChild(name, "System.Threading.Tasks"))
            {
                return NanoRules.Async;
            }

            if (includeGenericCollections
                && (IsSameOrChild(name, "System.Collections.Generic")
                    || IsSameOrChild(name, "System.Collections.ObjectModel")
                    || IsSameOrChild(name, "System.Collections.Concurrent")
                    || IsSameOrChild(name, "System.Collections.Immutable")))
            {
                return NanoRules.GenericUse;
            }

            return null;
        }

        private static bool IsExactNamespaceRoot(string name)
        {
            return name == "System.Linq" || name == "System.Text" || name == "System.Reflection" || name == "System.Threading.Tasks";
        }

        private static bool IsSameOrChild(string name, string root)
        {
            return name == root || name.StartsWith(root + ".", System.StringComparison.Ordinal);
        }

        private static string NamespaceOf(ISymbol symbol)
        {
            INamespaceSymbol ns = symbol?.ContainingNamespace;
            return ns == null || ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString();
        }

        private static string PlainName(ExpressionSyntax name)
        {
            string text = name.ToString().Replace(" ", string.Empty).Replace("\t", string.Empty).Replace("\r", string.Empty).Replace("\n", string.Empty);
            return text.StartsWith("global::", System.StringComparison.Ordinal) ? text.Substring("global::".Length) : text;
        }

        private static bool IsActionOrFunc(INamedTypeSymbol type)
        {
            return IsInSystem(type, "Action") || IsInSystem(type, "Func");
        }

        private static bool IsInSystem(INamedTypeSymbol type, string name)
        {
            return type.Name == name && type.ContainingType == null && NamespaceOf(type) == "System";
        }

        private static bool IsGenericAnywhere(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol current = type; current != null; current = current.ContainingType)
            {
                if (current.TypeArguments.Length > 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool DerivesFromSystemType(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol current = type; current != null; current = current.BaseType)
            {
                if (IsInSystem(current, "Type"))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsLeftOfMemberAccess(ExpressionSyntax name)
        {
            return name.Parent is MemberAccessExpressionSyntax access && access.Expression == name;
        }

        private static bool IsInAttribute(SyntaxNode node)
        {
            return node.FirstAncestorOrSelf<AttributeSyntax>() != null;
        }

        private static void Report(SyntaxNodeAnalysisContext context, DiagnosticDescriptor rule, Location location, params object[] arguments)
        {
            context.ReportDiagnostic(Diagnostic.Create(rule, location, arguments));
        }

        private static void Report(SyntaxTreeAnalysisContext context, DiagnosticDescriptor rule, Location location, params object[] arguments)
        {
            context.ReportDiagnostic(Diagnostic.Create(rule, location, arguments));
        }
    }
}
