#!/usr/bin/env bash
# The NuGet package as a user gets it: pack the library, check the package's metadata, then build and
# run the README's first C# snippet in a fresh console project that references the package from a
# local folder feed (and nothing of this repository).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v unzip >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)

dotnet pack src/NeuralSharp/NeuralSharp.csproj -c Release -o "$feed" --nologo -v quiet
nupkg="$feed/NeuralSharp.$version.nupkg"
[ -f "$nupkg" ] || { echo "package test: $nupkg was not made" >&2; exit 1; }
[ -f "$feed/NeuralSharp.$version.snupkg" ] || { echo "package test: no symbols package" >&2; exit 1; }

# The metadata a user sees on the package page.
nuspec=$(unzip -p "$nupkg" NeuralSharp.nuspec)
for expected in "<id>NeuralSharp</id>" "<version>$version</version>" '<license type="expression">MIT</license>' \
    "<readme>README.md</readme>" '<repository type="git"' "<description>" "System.Numerics.Tensors"; do
    grep -qF "$expected" <<<"$nuspec" || { echo "package test: the nuspec lacks $expected" >&2; echo "$nuspec" >&2; exit 1; }
done
files=$(unzip -l "$nupkg")
grep -q " README.md$" <<<"$files" || { echo "package test: README.md is not in the package" >&2; exit 1; }
grep -q "lib/net10.0/NeuralSharp.xml$" <<<"$files" || { echo "package test: no XML docs in the package" >&2; exit 1; }

# A fresh console project, outside the repository so that none of its build settings apply.
app="$work/app"
mkdir -p "$app"
cat >"$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat >"$app/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="NeuralSharp" Version="$version" />
  </ItemGroup>
</Project>
XML
# The first C# block of README.md, as it is written there.
awk '/^```csharp/{f=1;next} /^```/{if(f){exit}} f' README.md >"$app/Program.cs"
[ -s "$app/Program.cs" ] || { echo "package test: no C# snippet found in README.md" >&2; exit 1; }

out=$(cd "$app" && NUGET_PACKAGES="$work/packages" dotnet run -c Release --nologo 2>&1) || { echo "$out" >&2; echo "package test: the README snippet did not build or run" >&2; exit 1; }
echo "$out"
# The values the README's comments promise.
for expected in "tensor(0.7311" "tensor([-0.1966, -0.3932, 0.1966]" "True"; do
    grep -qF "$expected" <<<"$out" || { echo "package test: the snippet's output lacks $expected" >&2; exit 1; }
done
echo "package test: NeuralSharp $version packs with its metadata, and the README's first snippet builds and runs from it"
