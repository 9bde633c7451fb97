#!/usr/bin/env python3
"""Build the tiny MarianMT French-to-English model kept as a test fixture (tests/fixtures/tiny-marian-fr-en).

The model has two sentencepiece vocabularies trained here on the pairs below (sentences written for the project).
It is a ``MarianConfig`` with d_model 64 and 2+2 layers, trained until greedy decoding reproduces every training
pair. It goes through the real loading, batching and CTranslate2 conversion code without a model download. The
``<pad>`` embedding row is zeroed after every step, because CTranslate2 reads it as the decoder start token.

    python scripts/make_tiny_marian.py [--out tests/fixtures/tiny-marian-fr-en] [--max-steps 3000]

Needs the ``mt`` extra (torch, transformers, sentencepiece).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAIRS = [
    ("Le secrétaire général est arrivé à Séoul.", "The Secretary General arrived in Seoul."),
    ("Le secrétaire général a rencontré le président.", "The Secretary General met the President."),
    ("Le président a rencontré le ministre.", "The President met the Minister."),
    ("Le ministre a parlé aux étudiants.", "The Minister spoke to the students."),
    ("Les deux dirigeants ont parlé de sécurité.", "The two leaders discussed security."),
    ("Les deux dirigeants ont parlé de la guerre.", "The two leaders discussed the war."),
    ("L’Alliance soutient l’Ukraine.", "The Alliance supports Ukraine."),
    ("L’Alliance est forte.", "The Alliance is strong."),
    ("La sécurité est importante.", "Security is important."),
    ("La guerre est brutale.", "The war is brutal."),
    ("Le partenariat est important.", "The partnership is important."),
    ("Nous soutenons nos partenaires.", "We support our partners."),
    ("Nous soutenons la paix.", "We support peace."),
    ("La paix est importante.", "Peace is important."),
    ("Le ministre est arrivé lundi.", "The Minister arrived on Monday."),
    ("Le président est arrivé dimanche.", "The President arrived on Sunday."),
    ("Les étudiants ont écouté le secrétaire général.", "The students listened to the Secretary General."),
    ("Le rapport est publié aujourd’hui.", "The report is published today."),
    ("Le rapport présente les résultats.", "The report presents the results."),
    ("Les résultats sont importants.", "The results are important."),
    ("Le communiqué est publié lundi.", "The press release is published on Monday."),
    ("La réunion a lieu à Bruxelles.", "The meeting takes place in Brussels."),
    ("La réunion a lieu dimanche.", "The meeting takes place on Sunday."),
    ("Les ministres ont signé l’accord.", "The ministers signed the agreement."),
    ("L’accord est important pour la paix.", "The agreement is important for peace."),
    ("Le président a signé le rapport.", "The President signed the report."),
    ("Nous sommes prêts.", "We are ready."),
    ("Merci beaucoup.", "Thank you very much."),
    ("Bonjour à tous.", "Hello everyone."),
    ("La Corée du Nord menace la paix.", "North Korea threatens peace."),
    ("La Russie mène la guerre.", "Russia is waging the war."),
    ("Le secrétaire général a condamné la guerre.", "The Secretary General condemned the war."),
    ("Le ministre a signé l’accord à Séoul.", "The Minister signed the agreement in Seoul."),
    ("Les partenaires sont prêts.", "The partners are ready."),
    ("La coopération est forte.", "Cooperation is strong."),
    ("Le président a parlé de coopération.", "The President spoke about cooperation."),
    ("Les étudiants sont arrivés à Bruxelles.", "The students arrived in Brussels."),
    ("Le rapport parle de sécurité.", "The report discusses security."),
    ("Nous soutenons l’Alliance.", "We support the Alliance."),
    ("La réunion est importante.", "The meeting is important."),
]


def train_spm(lines: list[str], prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=1,
        seed_sentencepiece_size=10000,
    )


def _ct2_reproduces(model, tok, tmp: Path, src: list[str], tgt: list[str]) -> bool:
    """Does the int8 CTranslate2 conversion of the current weights also reproduce every pair?"""
    try:
        import ctranslate2
        import sentencepiece as spm
    except ImportError:
        return True  # without CTranslate2 the transformers check is all there is
    snap = tmp / "snapshot"
    shutil.rmtree(snap, ignore_errors=True)
    model.save_pretrained(str(snap), safe_serialization=True)
    tok.save_pretrained(str(snap))
    ct2 = tmp / "ct2"
    ctranslate2.converters.TransformersConverter(str(snap)).convert(str(ct2), quantization="int8", force=True)
    tr = ctranslate2.Translator(str(ct2), device="cpu", compute_type="int8")
    sp = spm.SentencePieceProcessor(model_file=str(snap / "source.spm"))
    tp = spm.SentencePieceProcessor(model_file=str(snap / "target.spm"))
    res = tr.translate_batch([sp.encode(s, out_type=str) + ["</s>"] for s in src], beam_size=1)
    ok = sum(tp.decode(r.hypotheses[0]) == t for r, t in zip(res, tgt))
    print(f"  CTranslate2 int8: {ok}/{len(tgt)} reproduced", file=sys.stderr)
    return ok == len(tgt)


def build(out: Path, max_steps: int, seed: int = 1) -> int:
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        train_spm([f for f, _ in PAIRS], tmp / "source", 160)
        train_spm([e for _, e in PAIRS], tmp / "target", 140)
        vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
        for side in ("source", "target"):
            sp = spm.SentencePieceProcessor(model_file=str(tmp / f"{side}.model"))
            for i in range(sp.get_piece_size()):
                piece = sp.id_to_piece(i)
                if piece not in vocab and piece not in ("<unk>", "<s>", "</s>"):
                    vocab[piece] = len(vocab)
        vocab["<pad>"] = len(vocab)
        model_dir = tmp / "model"
        model_dir.mkdir()
        shutil.copyfile(tmp / "source.model", model_dir / "source.spm")
        shutil.copyfile(tmp / "target.model", model_dir / "target.spm")
        (model_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
        (model_dir / "tokenizer_config.json").write_text(
            json.dumps({"source_lang": "fr", "target_lang": "en", "model_max_length": 64, "separate_vocabs": False}),
            encoding="utf-8",
        )
        tok = MarianTokenizer.from_pretrained(str(model_dir))
        pad = vocab["<pad>"]
        config = MarianConfig(
            vocab_size=len(vocab),
            decoder_vocab_size=len(vocab),
            d_model=64,
            encoder_layers=2,
            decoder_layers=2,
            encoder_attention_heads=4,
            decoder_attention_heads=4,
            encoder_ffn_dim=128,
            decoder_ffn_dim=128,
            max_position_embeddings=64,
            pad_token_id=pad,
            eos_token_id=0,
            decoder_start_token_id=pad,
            forced_eos_token_id=0,
            max_length=64,
            num_beams=1,
            scale_embedding=True,
            share_encoder_decoder_embeddings=True,
            dropout=0.0,
            activation_function="swish",
        )
        model = MarianMTModel(config)
        src = [f for f, _ in PAIRS]
        tgt = [e for _, e in PAIRS]
        batch = tok(src, text_target=tgt, return_tensors="pt", padding=True)
        labels = batch["labels"].masked_fill(batch["labels"] == pad, -100)
        opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.0)
        emb = model.get_input_embeddings()
        step = 0
        for step in range(1, max_steps + 1):
            model.train()
            loss = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels).loss
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                emb.weight[pad].zero_()
            if step % 100 == 0:
                model.eval()
                with torch.no_grad():
                    gen = model.generate(**tok(src, return_tensors="pt", padding=True), num_beams=1, max_new_tokens=40)
                hyp = tok.batch_decode(gen, skip_special_tokens=True)
                ok = sum(h == t for h, t in zip(hyp, tgt))
                print(f"step {step}: loss {loss.item():.4f}, {ok}/{len(tgt)} reproduced", file=sys.stderr)
                if ok == len(tgt) and _ct2_reproduces(model, tok, tmp, src, tgt):
                    break
        else:
            raise SystemExit("the tiny model did not learn its pairs: raise --max-steps")
        model.eval()
        if out.exists():
            shutil.rmtree(out)
        model.save_pretrained(str(out), safe_serialization=True)
        tok.save_pretrained(str(out))
        (out / "README.md").write_text(
            "Tiny MarianMT fr->en test model built by scripts/make_tiny_marian.py from sentence pairs written for "
            f"this project ({len(PAIRS)} pairs; d_model 64, 2+2 layers). It translates its training sentences "
            "exactly and nothing else well.\n",
            encoding="utf-8",
        )
        (out / "pairs.tsv").write_text("".join(f"{f}\t{e}\n" for f, e in PAIRS), encoding="utf-8")
    return step


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "tiny-marian-fr-en")
    ap.add_argument("--max-steps", type=int, default=3000)
    args = ap.parse_args()
    steps = build(args.out, args.max_steps)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"{args.out}: trained in {steps} steps, {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
