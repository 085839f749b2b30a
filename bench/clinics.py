"""Benchmark: stamp N clinic PDFs (checks included) from one layout of the LDN leaflet.

Usage: .venv/bin/python bench/clinics.py [N]   (default 100)

Prints the time to lay out and check the clinic layout once, and the time to
stamp, check and write N clinic PDFs. The target is N=100 well under 1 second.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from leaflet.build import build_clinics

ROOT = Path(__file__).resolve().parent.parent


def clinics_yaml(n: int) -> str:
    rows = ["clinics:"]
    for i in range(n):
        rows += [
            f"  - id: clinic-{i:03d}",
            f"    name: Example Clinic {i:03d}",
            f"    address: {i + 1} Example Street, Sampletown {1000 + i}",
            f'    phone: "+64 9 000 {i:04d}"',
            f"    email: clinic{i:03d}@example.org",
            f"    web: https://example.org/clinic-{i:03d}",
            "    hours: Monday to Friday, 9am to 5pm",
        ]
    return "\n".join(rows) + "\n"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        clinics = Path(tmp) / "clinics.yaml"
        clinics.write_text(clinics_yaml(n), encoding="utf-8")
        build_clinics(ROOT / "content/ldn-ms.yaml", clinics, ["clinic-000"], Path(tmp) / "warm")  # imports, fonts
        start = time.perf_counter()
        build_clinics(ROOT / "content/ldn-ms.yaml", clinics, ["clinic-000"], Path(tmp) / "one")
        one = time.perf_counter() - start
        start = time.perf_counter()
        built = build_clinics(ROOT / "content/ldn-ms.yaml", clinics, None, Path(tmp) / "out")
        total = time.perf_counter() - start
        assert len(built) == n
        size = sum(b.bytes for b in built) / n / 1024
    each = 1000 * (total - one) / (n - 1) if n > 1 else 0.0
    print(f"{n} clinic PDFs, checks included: {total:.2f} s in all")
    once = f"  1 clinic (the layout and its checks, once): {one:.2f} s"
    print(f"{once}; each further clinic: {each:.1f} ms; {size:.0f} KB each")


if __name__ == "__main__":
    main()
