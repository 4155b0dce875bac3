"""Package stage: session manifests, batch builds, manifest.json and zips."""
