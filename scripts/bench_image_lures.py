#!/usr/bin/env python3
"""Writes image-only callback lures for scripts/bench.sh: OUT/NNN-*.eml, each a near-empty
body beside one picture (PNG or JPEG, attached or inline) holding the whole story and the
number, as the campaigns send them. Varied the way a hidden set would be: brand, wording,
font (the DejaVu family), size, colours, slight rotation, format and quality.

    python3 scripts/bench_image_lures.py OUT [COUNT]      COUNT defaults to 24

Deterministic (fixed seed), so runs compare. Needs Pillow (Debian python3-pil) and
fonts-dejavu-core; exits 3 without them so the caller can skip the image scenarios.
OUT/000-warmup.eml comes first: it loads the Tesseract engine and is not a measurement.
"""
import base64, io, os, random, sys

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:
    sys.exit(3)

FONTS = '/usr/share/fonts/truetype/dejavu'
FACES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSerif.ttf', 'DejaVuSansMono.ttf',
         'DejaVuSansCondensed.ttf', 'DejaVuSerif-Bold.ttf']
STORIES = [
    ('Norton 360 Deluxe', 'Your subscription has been renewed for {amount}.'),
    ('McAfee Total Protection', 'Auto-renewal processed: {amount} charged today.'),
    ('Geek Squad Services', 'Annual tech support plan renewed: {amount}.'),
    ('PayPal', 'You sent a payment of {amount} to Coinbase Inc.'),
    ('Amazon', 'Your order of an Apple iPhone 15 Pro ({amount}) has shipped.'),
    ('Microsoft Defender', 'Your Windows Defender license was renewed: {amount}.'),
]
CLOSINGS = [
    'If you did not authorize this charge, call us within 24 hours',
    'To cancel and get a full refund, contact our billing team',
    'Not you? Call our support desk immediately to dispute it',
]


def lure(rng, i):
    brand, line = rng.choice(STORIES)
    amount = f'${rng.randint(199, 899)}.{rng.randint(0, 99):02d}'
    phone = f'+1 ({rng.choice([844, 855, 866, 877, 888])}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}'
    return [f'{brand}  -  Invoice #{rng.randint(10000, 99999)}', line.format(amount=amount),
            f'Invoice date: {rng.randint(1, 28)} March 2025', rng.choice(CLOSINGS) + ':', phone,
            'Thank you for your business.']


def render(rng, lines):
    scale = rng.randint(16, 28)
    width = max(560, int(scale * 31))
    height = 40 + len(lines) * (scale + 16) + 30
    bg = rng.choice([(255, 255, 255), (250, 247, 240), (235, 242, 250), (255, 252, 230)])
    fg = rng.choice([(0, 0, 0), (20, 30, 90), (60, 60, 60), (120, 10, 10)])
    img = Image.new('RGB', (width, height), bg)
    d = ImageDraw.Draw(img)
    face = ImageFont.truetype(os.path.join(FONTS, rng.choice(FACES)), scale)
    head = ImageFont.truetype(os.path.join(FONTS, 'DejaVuSans-Bold.ttf'), scale + 6)
    y = 20
    for k, line in enumerate(lines):
        d.text((24, y), line, font=head if k == 0 else face, fill=fg)
        y += scale + (20 if k == 0 else 14)
    angle = rng.uniform(-2.0, 2.0)
    return img.rotate(angle, expand=True, fillcolor=bg, resample=Image.BICUBIC)


def encode(rng, img):
    buf = io.BytesIO()
    if rng.random() < 0.5:
        img.save(buf, 'PNG', optimize=True)
        return buf.getvalue(), 'image/png', 'png'
    img.save(buf, 'JPEG', quality=rng.randint(60, 85))
    return buf.getvalue(), 'image/jpeg', 'jpg'


def eml(i, data, ctype, ext, inline):
    b64 = base64.encodebytes(data).decode()
    if inline:
        return (f'From: "Billing" <billing.{i:03d}@gmail.com>\nTo: victim@example.com\nSubject: Invoice {i:03d}\n'
                f'Message-ID: <lure-{i:03d}@example.com>\nMIME-Version: 1.0\n'
                f'Content-Type: multipart/related; boundary="r"\n\n--r\nContent-Type: text/html; charset=utf-8\n\n'
                f'<html><body><img src="cid:inv{i}"></body></html>\n--r\nContent-Type: {ctype}\n'
                f'Content-ID: <inv{i}>\nContent-Disposition: inline\nContent-Transfer-Encoding: base64\n\n{b64}--r--\n')
    return (f'From: "Billing" <billing.{i:03d}@gmail.com>\nTo: victim@example.com\nSubject: Invoice {i:03d}\n'
            f'Message-ID: <lure-{i:03d}@example.com>\nMIME-Version: 1.0\n'
            f'Content-Type: multipart/mixed; boundary="m"\n\n--m\nContent-Type: text/plain\n\nSee attached.\n'
            f'--m\nContent-Type: {ctype}; name="invoice.{ext}"\nContent-Disposition: attachment; '
            f'filename="invoice.{ext}"\nContent-Transfer-Encoding: base64\n\n{b64}--m--\n')


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20251205)
    for i in range(count + 1):
        data, ctype, ext = encode(rng, render(rng, lure(rng, i)))
        name = '000-warmup.eml' if i == 0 else f'{i:03d}-lure.eml'
        with open(os.path.join(out, name), 'w') as f:
            f.write(eml(i, data, ctype, ext, inline=rng.random() < 0.3))


if __name__ == '__main__':
    main()
