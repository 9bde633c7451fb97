#!/usr/bin/env python3
"""Machine translation speed: transformers against CTranslate2 int8, on a full-size MarianMT with random weights.

The model has opus-mt-fr-en's dimensions (d_model 512, 6+6 layers, 8 heads, FFN 2048, a vocabulary of 59,514) and
random weights, so no download is needed; its sentencepiece vocabularies (16k) are trained on newstest2013 so that
sentences cut into a realistic number of tokens. Input: the first 200 French sentences of newstest2014. Both back ends use
batches of 16 and the same number of output tokens per batch (1.1 x the longest input + 5, forced: random weights
never emit the end token, and forcing the length keeps the work equal), greedy and beam 4. Each measurement runs in its own process; the figures are sentences per second and the peak resident
memory of that process. Where CUDA is available, transformers and CTranslate2 (float16) are also measured on the GPU.

    python scripts/bench_translate.py [--shared ../shared] [--sentences 200] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOCAB = 59514


def train_spm(lines: list[str], prefix: Path, size: int) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(prefix),
        vocab_size=size,
        model_type="unigram",
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=2,
    )


def build_model(path: Path, shared: Path) -> None:
    """Random weights; sentencepiece vocabularies trained on newstest2013 so token counts are realistic."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel

    torch.manual_seed(0)
    path.mkdir(parents=True, exist_ok=True)
    ns = shared / "eval" / "newstest-fr-en"
    for side, name in (("source", "newstest2013.fra"), ("target", "newstest2013.eng")):
        train_spm((ns / name).read_text(encoding="utf-8").splitlines(), path / side, 16000)
        (path / f"{side}.model").rename(path / f"{side}.spm")
        (path / f"{side}.vocab").unlink()
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for side in ("source", "target"):
        sp = spm.SentencePieceProcessor(model_file=str(path / f"{side}.spm"))
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    k = 0
    while len(vocab) < VOCAB - 1:
        vocab[f"▁w{k}"] = len(vocab)
        k += 1
    vocab["<pad>"] = len(vocab)
    cfg = MarianConfig(
        vocab_size=VOCAB,
        decoder_vocab_size=VOCAB,
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
        max_position_embeddings=512,
        pad_token_id=VOCAB - 1,
        eos_token_id=0,
        decoder_start_token_id=VOCAB - 1,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        activation_function="swish",
    )
    model = MarianMTModel(cfg)
    with torch.no_grad():
        model.get_input_embeddings().weight[VOCAB - 1].zero_()
    model.save_pretrained(str(path), safe_serialization=True)
    (path / "tokenizer_config.json").write_text(json.dumps({"source_lang": "fr", "target_lang": "en"}))
    (path / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")


def worker(model: Path, backend: str, beam: int, sentences: list[str], threads: int, device: str) -> dict:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model / "source.spm"))
    toks = [sp.encode(s, out_type=str)[:200] for s in sentences]
    order = sorted(range(len(toks)), key=lambda i: len(toks[i]))
    batches = [order[i : i + 16] for i in range(0, len(order), 16)]
    out_len = {tuple(b): int(1.1 * max(len(toks[i]) for i in b)) + 5 for b in batches}
    if backend == "transformers":
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        torch.set_num_threads(threads)
        tok = MarianTokenizer.from_pretrained(str(model))
        net = MarianMTModel.from_pretrained(str(model)).eval().to(device)
        t0 = time.perf_counter()
        for b in batches:
            enc = tok([sentences[i] for i in b], return_tensors="pt", padding=True, truncation=True, max_length=200)
            enc = {k: v.to(device) for k, v in enc.items()}
            n = out_len[tuple(b)]
            with torch.inference_mode():
                net.generate(**enc, num_beams=beam, max_new_tokens=n, min_new_tokens=n, do_sample=False)
        secs = time.perf_counter() - t0
    else:
        import ctranslate2

        quant = "int8" if device == "cpu" else "float16"
        ct2 = model / f"ct2-{quant}"
        if not ct2.exists():
            ctranslate2.converters.TransformersConverter(str(model)).convert(str(ct2), quantization=quant)
        tr = ctranslate2.Translator(str(ct2), device=device, compute_type=quant, intra_threads=threads)
        t0 = time.perf_counter()
        for b in batches:
            n = out_len[tuple(b)]
            tr.translate_batch(
                [toks[i] + ["</s>"] for i in b],
                beam_size=beam,
                max_decoding_length=n,
                min_decoding_length=n,
                max_batch_size=16,
            )
        secs = time.perf_counter() - t0
    return {"sentences_per_s": len(sentences) / secs, "seconds": secs, "peak_mib": _peak_mib()}


def _peak_mib() -> float:
    """Peak resident memory of this process since its exec (VmHWM; ru_maxrss would count the forked parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(args, model: Path, backend: str, beam: int, device: str) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        backend,
        "--beam",
        str(beam),
        "--model",
        str(model),
        "--sentences",
        str(args.sentences),
        "--threads",
        str(args.threads),
        "--shared",
        str(args.shared),
        "--device",
        device,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{backend} beam {beam} on {device} failed: {proc.stderr[-500:]}")
    return json.loads(proc.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--sentences", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--worker")
    ap.add_argument("--beam", type=int, default=1)
    ap.add_argument("--model", type=Path)
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args()
    sentences = (
        (args.shared / "eval" / "newstest-fr-en" / "newstest2014.fra")
        .read_text(encoding="utf-8")
        .splitlines()[: args.sentences]
    )
    if args.worker:
        print(json.dumps(worker(args.model, args.worker, args.beam, sentences, args.threads, args.device)))
        return 0
    devices = ["cpu"]
    try:
        import torch

        if torch.cuda.is_available():
            devices.append("cuda")
    except ImportError:
        pass
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "marian-random"
        build_model(model, args.shared)
        import ctranslate2

        for quant in ("int8", "float16") if "cuda" in devices else ("int8",):
            # converted here, so the CTranslate2 process measures translation, not conversion
            ctranslate2.converters.TransformersConverter(str(model)).convert(
                str(model / f"ct2-{quant}"), quantization=quant
            )
        print(
            f"{args.sentences} newstest2014 sentences, random-weight Marian (512, 6+6, FFN 2048, vocab {VOCAB}), "
            f"{args.threads} threads"
        )
        for device in devices:
            for beam in (1, 4):
                hf = run_child(args, model, "transformers", beam, device)
                ct = run_child(args, model, "ctranslate2", beam, device)
                label = "int8" if device == "cpu" else "float16"
                print(
                    f"{device:4} beam {beam}: transformers {hf['sentences_per_s']:6.1f} sent/s "
                    f"(peak {hf['peak_mib']:5.0f} MiB) | ctranslate2 {label} {ct['sentences_per_s']:6.1f} sent/s "
                    f"(peak {ct['peak_mib']:5.0f} MiB) | {ct['sentences_per_s'] / hf['sentences_per_s']:.2f}x"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
