#!/usr/bin/env bash
# Prepares OSRM (MLD) data for Landkreis Kusel from the Geofabrik Rheinland-Pfalz extract.
# Needs: curl, osmium-tool, and the osrm-backend binaries (or Docker, see README.md).
# Usage: infra/osrm/prepare.sh [work dir, default ./osrm-data]
#   STEPS="fetch build" (default both): `fetch` downloads and cuts kusel.osm.pbf (curl, osmium),
#   `build` runs osrm-extract/partition/customize on it. docker/compose.yaml and the Kubernetes
#   data job run the two steps in two containers (a Debian one with osmium, the official
#   osrm-backend image). kusel.osm.pbf stays beside the .osrm files: the booking API draws its
#   road map from it (ROUTER_OSM_FILE), so the map shows the roads OSRM routes on.
set -euo pipefail

WORK_DIR="${1:-./osrm-data}"
STEPS="${STEPS:-fetch build}"
EXTRACT_URL="${EXTRACT_URL:-https://download.geofabrik.de/europe/germany/rheinland-pfalz-latest.osm.pbf}"
# Landkreis Kusel plus a margin, so trips to Landstuhl, Kaiserslautern and Homburg still route.
BBOX="${BBOX:-7.25,49.37,7.72,49.71}"
PROFILE="${OSRM_PROFILE:-/opt/car.lua}"
OSRM_IMAGE="${OSRM_IMAGE:-ghcr.io/project-osrm/osrm-backend:v5.27.1}"

mkdir -p "$WORK_DIR"
cd "$WORK_DIR"

if [[ " $STEPS " == *" fetch "* ]]; then
  if [ ! -f rheinland-pfalz-latest.osm.pbf ]; then
    curl -fSL -o rheinland-pfalz-latest.osm.pbf "$EXTRACT_URL"
    curl -fSL -o rheinland-pfalz-latest.osm.pbf.md5 "$EXTRACT_URL.md5"
    md5sum -c rheinland-pfalz-latest.osm.pbf.md5
  fi
  osmium extract --overwrite --strategy complete_ways -b "$BBOX" \
    rheinland-pfalz-latest.osm.pbf -o kusel.osm.pbf
fi

run() {
  if command -v "$1" >/dev/null 2>&1; then
    "$@"
  else
    docker run --rm -v "$PWD:/data" -w /data "$OSRM_IMAGE" "$@"
  fi
}

if [[ " $STEPS " == *" build "* ]]; then
  if [ ! -f kusel.osm.pbf ]; then
    echo "no kusel.osm.pbf in $WORK_DIR: run the fetch step first" >&2
    exit 1
  fi
  run osrm-extract -p "$PROFILE" kusel.osm.pbf
  run osrm-partition kusel.osrm
  run osrm-customize kusel.osrm
  echo "Ready. Serve with: osrm-routed --algorithm mld --max-table-size 100 $WORK_DIR/kusel.osrm"
fi
