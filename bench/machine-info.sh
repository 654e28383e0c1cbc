#!/usr/bin/env bash
# Prints what a benchmark report needs to say about the run: date, commit, CPU, caches, load.
# Usage: bench/machine-info.sh ROOT
root="$1"
echo "date: $(date -u)"
echo "commit: $(git -C "$root" rev-parse HEAD)$(git -C "$root" diff --quiet || echo ' (dirty)')"
lscpu | grep -E 'Model name|^CPU\(s\)|Thread|L1d|L2|L3|Flags'
uptime
