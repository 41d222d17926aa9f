#!/usr/bin/env bash
# Speed on a GPU in one run (meant to take under 5 minutes on one GPU), printed as one table:
#   1. the realistic-length benchmark (scripts/bench_translate.py --lengths real) on CUDA, beams 1 and 6:
#      transformers float16 against CTranslate2 float16 and int8_float16, same tokens checked;
#   2. the 50-article comparison (scripts/bench_articles.py): tolka batch against the recipe.
# Both use the random-weight model of opus-mt-sv-en's shape, built on first use into --work-dir.
#
#   bash scripts/bench_gpu.sh                 # on a machine with a CUDA GPU
#   bash scripts/bench_gpu.sh --dry-run       # the same steps on the CPU with a tiny model (CI runs this)
#   bash scripts/bench_gpu.sh --work-dir DIR  # keep the model and conversions in DIR (default: <tolka cache>/bench)
set -euo pipefail
cd "$(dirname "$0")/.."

dry=0
work=()
while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) dry=1 ;;
        --work-dir) [ $# -ge 2 ] || { echo "bench_gpu.sh: --work-dir needs a folder" >&2; exit 2; }; work=(--work-dir "$2"); shift ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench_gpu.sh: unknown option $1 (use --dry-run or --work-dir DIR)" >&2; exit 2 ;;
    esac
    shift
done

if [ "$dry" = 1 ]; then
    device=cpu shape=tiny sentences=24 articles=3
    runs=(transformers:float32 ctranslate2:float32 ctranslate2:int8)
    # A 16-wide network is all thread overhead: one thread runs it several times faster.
    threads=(--threads 1)
else
    device=cuda shape=opus sentences=500 articles=50
    runs=(transformers:float16 ctranslate2:float16 ctranslate2:int8_float16)
    threads=()
fi

if [ "$dry" = 0 ]; then
    python - <<'EOF' || exit 2
import sys
import ctranslate2, torch
if not torch.cuda.is_available() or ctranslate2.get_cuda_device_count() < 1:
    sys.exit("bench_gpu.sh: no CUDA GPU visible to both torch and ctranslate2 (a CUDA build of torch is needed); "
             "use --dry-run to run the steps on the CPU")
EOF
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
python scripts/bench_translate.py --device "$device" --model-shape "$shape" --lengths real --beams 1 6 \
    --sentences "$sentences" --runs "${runs[@]}" --json "$out/translate.json" "${threads[@]}" "${work[@]}" || true
python scripts/bench_articles.py --device "$device" --model-shape "$shape" --articles "$articles" \
    --json "$out/articles.json" "${threads[@]}" "${work[@]}" || true

python - "$out/translate.json" "$out/articles.json" "$(( $(date +%s) - start ))" <<'EOF'
import json, sys
from pathlib import Path

t_file, a_file, seconds = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
missing = [str(f) for f in (t_file, a_file) if not f.is_file()]
if missing:
    sys.exit(f"bench_gpu.sh: a step failed (no {', '.join(missing)}); see its output above")
t, a = json.loads(t_file.read_text()), json.loads(a_file.read_text())
print(f"\n== speed summary: device {t['device']}, {t['model_shape']} shape, realistic lengths, {seconds} s in all ==")
print(f"{t['sentences']} NTREX sentences, each batch decoding its sentences' {t['rule']} real length")
print(f"{'backend':28} {'beam':>4} {'tokens':>7} {'wall s':>7} {'tok/s':>8} {'x base':>7}")
for r in t["rows"]:
    print(f"{r['label']:28} {r['beams']:>4} {r['tokens']:>7} {r['wall_s']:>7.1f} {r['tok_s']:>8.0f} {r['x_tf']:>6.2f}x")
print(f"token counts identical per sentence: {'yes' if t['checks_ok'] else 'NO'}")
aph = a["articles_per_hour"]
print(f"\n{a['articles']} NTREX articles, {a['tolka']['totals']['sentences']} sentences, cache off")
print(f"{'':44} {'wall s':>7} {'articles/h':>10} {'peak RSS':>9}")
print(f"{'recipe: generate(), a padded batch per article':44} {a['recipe']['wall_s']:>7.1f} {aph['recipe']:>10.0f} "
      f"{a['recipe']['peak_rss_mb']:>6.0f} MB")
print(f"{'tolka batch: ' + a['tolka']['backend']:44} {a['tolka']['wall_s']:>7.1f} {aph['tolka']:>10.0f} "
      f"{a['tolka']['peak_rss_mb']:>6.0f} MB")
print(f"tolka batch / recipe: {a['ratio']:.2f}x; same sentences translated: {'yes' if a['same_sentences'] else 'NO'}")
sys.exit(0 if t["checks_ok"] and a["same_sentences"] else 1)
EOF
