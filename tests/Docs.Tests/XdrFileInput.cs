namespace Docs.Tests;

/// <summary>
/// A .x file a documentation block needs compiled by xdrgen: its block's project gets a PackageReference to
/// OncRpc.XdrGen.Build and an <c>XdrFile</c> item with this metadata (empty values are left out).
/// </summary>
/// <param name="Path">The .x file: absolute, or relative to the Markdown file's directory.</param>
/// <param name="Namespace">The item's Namespace metadata.</param>
/// <param name="Defines">The item's Defines metadata (';'-separated NAME or NAME=VALUE).</param>
/// <param name="IncludeDirs">The item's IncludeDirs metadata (';'-separated directories).</param>
public sealed record XdrFileInput(string Path, string Namespace = "", string Defines = "", string IncludeDirs = "");
