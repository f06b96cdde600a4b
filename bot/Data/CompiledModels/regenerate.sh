#!/usr/bin/env bash
# Regenerates the compiled EF Core models of both providers from the entity configurations. Run it after every model
# change (with the migrations of that change); tests/Data/CompiledModelTests fail until it has run.
# Usage: bot/Data/CompiledModels/regenerate.sh          (after `dotnet tool restore`; or DOTNET_EF=/path/to/dotnet-ef)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
# The repository's tool manifest (.config/dotnet-tools.json) pins dotnet-ef to the EF Core version the bot uses.
if [[ -n "${DOTNET_EF:-}" ]]; then ef=("$DOTNET_EF"); else dotnet tool restore >/dev/null; ef=(dotnet ef); fi
dotnet build bot
for provider in Sqlite Postgres; do
  # Into a fresh folder, then swapped in, so the files of an entity that no longer exists go too.
  fresh="obj/CompiledModels-$provider"
  rm -rf "bot/$fresh"
  "${ef[@]}" dbcontext optimize --no-build --project bot --context "${provider}PetitionDbContext" \
    --output-dir "$fresh" --namespace "PetitionBot.Bot.Data.CompiledModels.$provider"
  rm -rf "bot/Data/CompiledModels/$provider"
  mv "bot/$fresh" "bot/Data/CompiledModels/$provider"
done
