#!/usr/bin/env python3
"""Step 2 of building the shipped expert/amateur pair: train one GPT-2-architecture model on the token
files written by prepare.ts, seeded and resumable, then dump its weights for export.ts.

    apt-get install -y python3-torch libopenblas0-pthread
    export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
    nice -n 10 /usr/bin/python3 scripts/cd-pair/train.py --name expert --layers 4 --d 192 --heads 4 \
        --steps 480 --warmup 30 --eval-every 40 --work work/cd-pair
    nice -n 10 /usr/bin/python3 scripts/cd-pair/train.py --name amateur --layers 1 --d 64 --heads 2 \
        --steps 550 --warmup 50 --eval-every 50 --work work/cd-pair

Writes WORK/<name>/{ckpt.pt, log.jsonl, weights.bin, weights.json, result.json}. Re-running resumes from
ckpt.pt. --max-minutes stops early (the learning-rate schedule still follows --steps; result.json
records the steps actually taken). The model is GPT-2's: learned positions, pre-LayerNorm blocks
(eps 1e-5), fused QKV with biases, tanh-GELU MLP 4x wide, final LayerNorm, output tied to the token
embedding -- the layout llama.cpp's gpt2 architecture loads.
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.up = nn.Linear(d, 4 * d)
        self.down = nn.Linear(4 * d, d)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        hd = d // self.heads
        q, k, v = (z.view(b, t, self.heads, hd).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        mask = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
        att = att.masked_fill(~mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.down(F.gelu(self.up(self.ln2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, vocab, ctx, d, layers, heads):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(ctx, d)
        self.blocks = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d, eps=1e-5)
        self.apply(self._init)
        for b in self.blocks:  # GPT-2's scaled init of residual projections
            nn.init.normal_(b.proj.weight, std=0.02 / math.sqrt(2 * layers))
            nn.init.normal_(b.down.weight, std=0.02 / math.sqrt(2 * layers))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tok(idx) + self.pos(torch.arange(t, device=idx.device))
        for b in self.blocks:
            x = b(x)
        return self.ln_f(x) @ self.tok.weight.T


def gguf_tensors(model):
    """(gguf name, array) pairs in llama.cpp gpt2 naming; torch Linear weight [out, in] is ggml [in, out]."""
    out = [("token_embd.weight", model.tok.weight), ("position_embd.weight", model.pos.weight),
           ("output_norm.weight", model.ln_f.weight), ("output_norm.bias", model.ln_f.bias)]
    for i, b in enumerate(model.blocks):
        p = f"blk.{i}"
        out += [(f"{p}.attn_norm.weight", b.ln1.weight), (f"{p}.attn_norm.bias", b.ln1.bias),
                (f"{p}.attn_qkv.weight", b.qkv.weight), (f"{p}.attn_qkv.bias", b.qkv.bias),
                (f"{p}.attn_output.weight", b.proj.weight), (f"{p}.attn_output.bias", b.proj.bias),
                (f"{p}.ffn_norm.weight", b.ln2.weight), (f"{p}.ffn_norm.bias", b.ln2.bias),
                (f"{p}.ffn_up.weight", b.up.weight), (f"{p}.ffn_up.bias", b.up.bias),
                (f"{p}.ffn_down.weight", b.down.weight), (f"{p}.ffn_down.bias", b.down.bias)]
    return [(n, t.detach().float().contiguous().numpy()) for n, t in out]


@torch.no_grad()
def heldout_loss(model, data, ctx, max_windows=None):
    """Mean next-token cross-entropy (nats) over non-overlapping ctx-token windows of the held-out tokens."""
    model.eval()
    total, n = 0.0, 0
    starts = list(range(0, len(data) - ctx - 1, ctx))
    if max_windows:
        starts = starts[:max_windows]
    for i in range(0, len(starts), 8):
        xs = torch.stack([torch.from_numpy(data[s:s + ctx + 1].astype(np.int64)) for s in starts[i:i + 8]])
        logits = model(xs[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), xs[:, 1:].reshape(-1), reduction="sum")
        total += loss.item()
        n += xs[:, 1:].numel()
    model.train()
    return total / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--work", default="work/cd-pair")
    ap.add_argument("--layers", type=int, required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--heads", type=int, required=True)
    ap.add_argument("--ctx", type=int, default=256)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-minutes", type=float, default=0, help="stop early after this wall-clock time (0: no cap)")
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--bench", type=int, default=0, help="only time this many steps and exit")
    ap.add_argument("--export-only", action="store_true", help="skip training: dump the weights of the last checkpoint")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)
    out = os.path.join(a.work, a.name)
    os.makedirs(out, exist_ok=True)
    vocab = json.load(open(os.path.join(a.work, "vocab.json")))
    nvocab = len(vocab["tokens"])
    train = np.fromfile(os.path.join(a.work, "train.u16"), dtype=np.uint16)
    held = np.fromfile(os.path.join(a.work, "heldout.u16"), dtype=np.uint16)

    model = GPT(nvocab, a.ctx, a.d, a.layers, a.heads)
    nparams = sum(p.numel() for p in model.parameters())
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": a.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.95))
    # Batches come from a generator seeded by (seed, step), so a resumed run sees the same data.
    step, elapsed = 0, 0.0
    ckpt = os.path.join(out, "ckpt.pt")
    if os.path.exists(ckpt) and not a.bench:
        st = torch.load(ckpt)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, elapsed = st["step"], st["elapsed"]
        print(f"resumed at step {step}", flush=True)
    log = open(os.path.join(out, "log.jsonl"), "a")

    def lr_at(s):
        if s < a.warmup:
            return a.lr * (s + 1) / a.warmup
        return a.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, (s - a.warmup) / max(1, a.steps - a.warmup)))))

    def save():
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed}, ckpt + ".tmp")
        os.replace(ckpt + ".tmp", ckpt)

    print(f"{a.name}: {nparams} params, {len(train)} train tokens, {len(held)} held-out tokens", flush=True)
    t_start = time.time() - elapsed
    stopped_early = False
    while step < a.steps and not a.export_only:
        g = np.random.default_rng([a.seed, step])
        starts = g.integers(0, len(train) - a.ctx - 1, size=a.batch)
        xs = torch.from_numpy(np.stack([train[s:s + a.ctx + 1] for s in starts]).astype(np.int64))
        for grp in opt.param_groups:
            grp["lr"] = lr_at(step)
        logits = model(xs[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, nvocab), xs[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        elapsed = time.time() - t_start
        if a.bench and step >= a.bench:
            print(f"{a.bench} steps in {elapsed:.1f} s: {elapsed / a.bench:.3f} s/step", flush=True)
            return
        rec = {"step": step, "loss": round(loss.item(), 4), "lr": lr_at(step - 1), "elapsed_s": round(elapsed, 1)}
        if step % a.eval_every == 0 or step == a.steps:
            rec["heldout_loss"] = round(heldout_loss(model, held, a.ctx, max_windows=32), 4)
            save()
            print(json.dumps(rec), flush=True)
        log.write(json.dumps(rec) + "\n")
        log.flush()
        if a.max_minutes and elapsed > a.max_minutes * 60:
            stopped_early = True
            save()
            print(f"stopping at step {step}: wall-clock cap of {a.max_minutes} min reached", flush=True)
            break

    if not a.export_only:
        save()
    hl = heldout_loss(model, held, a.ctx)
    # Weights for export.ts: a JSON index (name, ggml dims, byte offset) and one float32 blob.
    tensors = gguf_tensors(model)
    index, off = [], 0
    with open(os.path.join(out, "weights.bin"), "wb") as f:
        for n, arr in tensors:
            f.write(arr.astype("<f4").tobytes())
            index.append({"name": n, "dims": list(reversed(arr.shape)), "offset": off})
            off += arr.size * 4
    # Reference next-token log-probs on held-out prompts, to check llama.cpp against torch after export.
    model.eval()
    refs = []
    with torch.no_grad():
        for s in (0, 1000, 20000):
            prompt = held[s:s + 32].astype(np.int64).tolist()
            lp = F.log_softmax(model(torch.tensor([prompt]))[0, -1], -1)
            top = torch.topk(lp, 10)
            refs.append({"prompt": prompt, "top": [[int(i), round(float(v), 5)] for v, i in zip(top.values, top.indices)]})
    result = {
        "name": a.name, "params": nparams,
        "hyperparameters": {k: getattr(a, k) for k in ("layers", "d", "heads", "ctx", "batch", "steps", "lr", "warmup", "weight_decay", "seed", "threads")},
        "stepsTaken": step, "stoppedEarly": stopped_early, "trainSeconds": round(elapsed, 1),
        "tokensSeen": step * a.batch * a.ctx,
        "heldoutLoss": round(hl, 4), "heldoutPerplexity": round(math.exp(hl), 2),
        "torch": torch.__version__, "reference": refs,
    }
    json.dump(index, open(os.path.join(out, "weights.json"), "w"))
    json.dump(result, open(os.path.join(out, "result.json"), "w"), indent=1)
    print(json.dumps({k: result[k] for k in ("params", "stepsTaken", "heldoutLoss", "heldoutPerplexity")}), flush=True)


if __name__ == "__main__":
    main()
