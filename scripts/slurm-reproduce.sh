#!/usr/bin/env bash
# A Slurm job array that runs one paper-scale experiment in N shards and merges them.
#
#   sbatch --array=1-8 scripts/slurm-reproduce.sh retraining-gmm        # the 8 shards, in parallel
#   sbatch --dependency=afterok:<array job id> --wrap \
#     '.build/release/closedform merge shards/retraining-gmm-*-of-8 --out out'   # then the merge
#
# Each task writes shards/<experiment>-<i>-of-<n>/; a task that is killed (time limit, preemption,
# scancel) resumes where it stopped when it is requeued or resubmitted with the same index, because every
# finished unit is fsynced to its shard file. Build once before submitting: swift build -c release.
#SBATCH --job-name=closedform
#SBATCH --cpus-per-task=2
#SBATCH --time=04:00:00
#SBATCH --requeue
set -euo pipefail
experiment="${1:?usage: sbatch --array=1-N scripts/slurm-reproduce.sh <experiment> [scale] [seed]}"
scale="${2:-paper}"
seed="${3:-0}"
index="${SLURM_ARRAY_TASK_ID:?run with sbatch --array=1-N}"
count="${SLURM_ARRAY_TASK_COUNT:?run with sbatch --array=1-N}"
export CLOSEDFORM_THREADS="${SLURM_CPUS_PER_TASK:-2}"
exec .build/release/closedform reproduce "$experiment" --scale "$scale" --seed "$seed" \
  --shard "$index/$count" --out "shards/$experiment-$index-of-$count"
