[assembly: AssemblyFixture(typeof(Commerce.Infra.Tests.CompiledInfra))]
