"""Draws the MedVault icon (a teal rounded square with a white shield and cross)
as RGBA PNGs, ICO and ICNS under icons/. Run: python3 scripts/make_icons.py"""
from pathlib import Path
from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "icons"


def draw(size: int) -> Image.Image:
    s = 1024
    im = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((48, 48, s - 48, s - 48), radius=220, fill=(14, 116, 144, 255))
    shield = [(512, 190), (790, 290), (770, 560), (512, 840), (254, 560), (234, 290)]
    d.polygon(shield, fill=(255, 255, 255, 255))
    d.rectangle((472, 360, 552, 640), fill=(14, 116, 144, 255))
    d.rectangle((372, 460, 652, 540), fill=(14, 116, 144, 255))
    return im.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    draw(32).save(OUT / "32x32.png")
    draw(128).save(OUT / "128x128.png")
    draw(256).save(OUT / "128x128@2x.png")
    draw(512).save(OUT / "icon.png")
    draw(256).save(OUT / "icon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    draw(1024).save(OUT / "icon.icns")


if __name__ == "__main__":
    main()
