"""Several workstations of one commune office: a primary desk and enrolled stations that enter in
parallel and merge offline (docs/stations.md). The primary alone talks to the province."""
