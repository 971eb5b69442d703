using System.Reflection;

// nanoFramework unit test assembly. Its name must stay NFUnitTest: the TestFramework's
// UnitTestLauncher loads the assembly by that name on the device.
[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("M2MDevice device-side unit tests (nanoFramework.TestFramework)")]
[assembly: AssemblyProduct("M2MDevice")]
[assembly: AssemblyVersion("1.0.0.0")]
