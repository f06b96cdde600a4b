#!/usr/bin/env bash
# Regenerates the compiled EF Core models of both providers from the entity configurations. Run it after every model
# change (with the migrations of that change); tests/Data/CompiledModelTests fail until it has run.
# Usage: bot/Data/CompiledModels/regenerate.sh          (dotnet-ef on the PATH, or DOTNET_EF=/path/to/dotnet-ef)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
ef=${DOTNET_EF:-dotnet-ef}
cd "$root"
dotnet build bot
for provider in Sqlite Postgres; do
  # Into a fresh folder, then swapped in, so the files of an entity that no longer exists go too.
  fresh="obj/CompiledModels-$provider"
  rm -rf "bot/$fresh"
  "$ef" dbcontext optimize --no-build --project bot --context "${provider}PetitionDbContext" \
    --output-dir "$fresh" --namespace "PetitionBot.Bot.Data.CompiledModels.$provider"
  rm -rf "bot/Data/CompiledModels/$provider"
  mv "bot/$fresh" "bot/Data/CompiledModels/$provider"
done
