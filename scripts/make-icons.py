#!/usr/bin/env python3
"""Regenerates the app icons in icons/ (they are committed; run this only to change the design).

Needs Pillow (`pip install Pillow`) and Noto Sans CJK Bold (Debian `fonts-noto-cjk`).
The design: a blue rounded square with a white 访, drawn at 1024 px and scaled down.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
SC_FACE = 2  # Simplified Chinese face in the Noto Sans CJK collection
OUT = Path(__file__).resolve().parent.parent / "icons"
BIG = 1024


def master() -> Image.Image:
    img = Image.new("RGBA", (BIG, BIG), (0, 0, 0, 0))
    # Vertical gradient from a lighter to a deeper blue, masked to a rounded square.
    fill = Image.new("RGBA", (BIG, BIG))
    top, bottom = (37, 120, 235), (17, 72, 176)
    draw = ImageDraw.Draw(fill)
    for y in range(BIG):
        k = y / (BIG - 1)
        draw.line([(0, y), (BIG, y)], fill=tuple(round(a + (b - a) * k) for a, b in zip(top, bottom)) + (255,))
    mask = Image.new("L", (BIG, BIG), 0)
    margin = 64
    ImageDraw.Draw(mask).rounded_rectangle([margin, margin, BIG - margin, BIG - margin], radius=200, fill=255)
    img.paste(fill, (0, 0), mask)

    font = ImageFont.truetype(FONT, 620, index=SC_FACE)
    draw = ImageDraw.Draw(img)
    draw.text((BIG / 2, BIG / 2), "访", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return img


def main() -> None:
    OUT.mkdir(exist_ok=True)
    img = master()
    for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
        img.resize((size, size), Image.LANCZOS).save(OUT / name, optimize=True)
    img.resize((256, 256), Image.LANCZOS).save(
        OUT / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    )
    img.resize((512, 512), Image.LANCZOS).save(OUT / "icon.icns")


if __name__ == "__main__":
    main()
