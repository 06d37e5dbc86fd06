#!/usr/bin/python3
"""Regenerates the OCR fixtures in ../Fixtures (committed; rerun only to change them).

Lures: invoice text with a phone number rendered the way callback lures ship it (a PNG
screenshot, a JPEG scan, an iPhone's HEIC photo). Hostile images, named for what they attack: none may crash,
hang or make Hookline allocate without bound. Needs Python 3 with Pillow
(Debian python3-pil), the DejaVu fonts (fonts-dejavu-core) and heif-enc
(libheif-examples, the HEIC encoder that comes with the libheif Hookline links).

    /usr/bin/python3 Tests/HooklineOCRTests/Scripts/make_images.py
"""
import base64, os, struct, zlib
from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'Fixtures')
FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'


def render(lines, size=(760, 430), scale=22, bg='white', fg='black'):
    img = Image.new('RGB', size, bg)
    d = ImageDraw.Draw(img)
    y = 24
    for i, line in enumerate(lines):
        f = ImageFont.truetype(BOLD if i == 0 else FONT, scale + (8 if i == 0 else 0))
        d.text((30, y), line, font=f, fill=fg)
        y += scale + (22 if i == 0 else 14)
    return img


def save(name, data):
    path = os.path.join(OUT, name)
    with open(path, 'wb') as f:
        f.write(data)
    assert len(data) < 60_000, (name, len(data))
    print(f'{name}: {len(data)} bytes')


def png_bytes(img, colors=4):
    import io
    buf = io.BytesIO()
    img.convert('L').quantize(colors).save(buf, 'PNG', optimize=True)
    return buf.getvalue()


def jpeg_bytes(img, quality=60):
    import io
    buf = io.BytesIO()
    img.convert('L').save(buf, 'JPEG', quality=quality)
    return buf.getvalue()


def heic_bytes(img, quality=50):
    """HEIC through libheif's own encoder (x265), as a phone would save the picture."""
    import subprocess, tempfile
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, 'in.png'), os.path.join(tmp, 'out.heic')
        img.save(src, 'PNG')
        subprocess.run(['heif-enc', '-q', str(quality), '-o', dst, src], check=True, stdout=subprocess.DEVNULL)
        with open(dst, 'rb') as f:
            return f.read()


def set_heic_size(data, width, height):
    """Every ispe box (the declared size) rewritten; the coded picture stays as it was."""
    out = bytearray(data)
    at = out.find(b'ispe')
    assert at > 0
    while at > 0:
        out[at + 8:at + 16] = struct.pack('>II', width, height)
        at = out.find(b'ispe', at + 4)
    return bytes(out)


def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)


def png_raw(width, height, idat, depth=1, color=0):
    ihdr = struct.pack('>IIBBBBB', width, height, depth, color, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', idat) + chunk(b'IEND', b'')


NORTON = ['NortonLifeLock  -  Invoice NL-48213',
          'Your Norton 360 subscription has been renewed.',
          'Amount charged: $399.99 (auto-renewal)',
          'If you did not authorize this charge, call our',
          'billing department within 24 hours to cancel',
          'and get a refund: +1 (855) 284-7391',
          'Thank you for choosing Norton.']
PAYPAL = ['PayPal  -  Payment receipt',
          'You sent a payment of $749.00 USD to Coinbase Inc.',
          'Transaction ID: 7TY82930KL2210',
          'If you did not make this purchase, call PayPal',
          'support immediately: 1-888-346-0921',
          'to cancel the order and get a refund.']


def eml(name, subject, image_name, image_type, image, body='', inline=False):
    b64 = base64.encodebytes(image).decode()
    disposition = 'inline' if inline else 'attachment'
    text = f"""From: "Billing Dept" <billing.dept4471@gmail.com>
To: victim@example.com
Subject: {subject}
Date: Tue, 04 Mar 2025 10:12:00 +0000
Message-ID: <{name}@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

{body}
--b1
Content-Type: {image_type}; name="{image_name}"
Content-Disposition: {disposition}; filename="{image_name}"
Content-ID: <img1@example.com>
Content-Transfer-Encoding: base64

{b64}--b1--
"""
    save(name, text.encode())


def main():
    os.makedirs(OUT, exist_ok=True)
    norton = png_bytes(render(NORTON))
    save('lure-norton-invoice.png', norton)
    paypal = jpeg_bytes(render(PAYPAL, size=(760, 380)))
    save('lure-paypal-receipt.jpg', paypal)
    import io
    buf = io.BytesIO()
    logo_img = render(['Norton'], size=(180, 60), scale=18, bg=(250, 204, 0))
    for x in range(180):   # a gradient stripe, as logos have, so it is over the size floor
        for y in range(50, 60):
            logo_img.putpixel((x, y), (x, 255 - x, (x * 7) % 256))
    logo_img.save(buf, 'PNG')
    logo = buf.getvalue()
    assert len(logo) > 1024, len(logo)
    save('logo-180x60.png', logo)

    # Hostile images.
    save('hostile-truncated.png', norton[: len(norton) * 2 // 3])
    save('hostile-truncated.jpg', paypal[: len(paypal) // 2])
    save('hostile-huge-dimensions.png', png_raw(60000, 60000, zlib.compress(b'\0' * 1024)) + b'\0' * 1200)
    # 20000 x 20000 one-bit rows of zeros: 50 MB of pixels deflated to ~50 KB.
    comp = zlib.compressobj(9)
    row = b'\0' * (1 + 20000 // 8)
    idat = b''.join(comp.compress(row) for _ in range(20000)) + comp.flush()
    save('hostile-decompression-bomb.png', png_raw(20000, 20000, idat))
    # Within the pixel limit, but the IDAT inflates to far more than the rows need.
    comp = zlib.compressobj(9)
    idat = b''.join(comp.compress(b'\0' * 65536) for _ in range(600)) + comp.flush()
    save('hostile-idat-overflow.png', png_raw(800, 600, idat))
    # A GIF with a screen and a comment but no image: zero frames.
    comment = b''.join(bytes([255]) + b'x' * 255 for _ in range(6)) + b'\0'
    save('hostile-zero-frames.gif', b'GIF89a' + struct.pack('<HH', 640, 480) + b'\x00\x00\x00'
         + b'\x21\xfe' + comment + b'\x3b')
    # A 400 x 300 screen holding one 65535 x 65535 frame (giflib would allocate 4 GB for it).
    frame = b'\x2c' + struct.pack('<HHHH', 0, 0, 65535, 65535) + b'\x00' + b'\x02' + b'\x02\x4c\x01\x00'
    save('hostile-gif-frame-larger-than-screen.gif', b'GIF89a' + struct.pack('<HH', 400, 300) + b'\x80\x00\x00'
         + b'\x00\x00\x00\xff\xff\xff' + b'\x21\xfe' + comment + frame + b'\x3b')
    # A JPEG header claiming a 1x1 frame, then garbage.
    save('hostile-garbage-after-soi.jpg', b'\xff\xd8\xff\xe0\x00\x10JFIF\x00' + bytes(range(256)) * 8)
    save('hostile-heic-brand.heic', b'\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic' + b'\0' * 2048)
    # A phone's HEIC photo of the lure, in colour; and the same cut in half, and claiming
    # 60000 x 60000 in its ispe boxes (the coded picture is still 760 x 430).
    heic = heic_bytes(render(NORTON, bg=(255, 250, 235), fg=(20, 30, 90)))
    save('lure-norton-invoice.heic', heic)
    save('hostile-heic-truncated.heic', heic[: len(heic) // 2])
    save('hostile-heic-huge-dimensions.heic', set_heic_size(heic, 60000, 60000))

    # An image-only PDF "invoice" (a scan): Pillow stores the page as one DCTDecode image.
    pdf_buf = io.BytesIO()
    render(NORTON).convert('L').save(pdf_buf, 'PDF', resolution=96, quality=60)
    pdf = pdf_buf.getvalue()
    assert b'/DCTDecode' in pdf
    save('lure-scanned-invoice.pdf', pdf)
    # A PDF whose image object claims DCTDecode but holds garbage after a JPEG start.
    bad = (b'%PDF-1.4\n1 0 obj\n<< /Type /XObject /Subtype /Image /Width 800 /Height 600 '
           b'/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length 3000 >>\nstream\n'
           + b'\xff\xd8\xff\xc0\x00\x11\x08\x02\x58\x03\x20\x01' + bytes(range(256)) * 12
           + b'\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n')
    save('hostile-pdf-image-stream.pdf', bad)
    eml('lure-image-only-pdf-scan.eml', 'Invoice NL-48213', 'invoice.pdf', 'application/pdf', pdf,
        body='Invoice attached.\n')

    eml('lure-image-only-norton.eml', 'Your invoice', 'invoice.png', 'image/png', norton,
        body='Please find your invoice attached.\n')
    eml('lure-image-only-paypal-inline.eml', 'Receipt for your payment', 'receipt.jpg', 'image/jpeg', paypal,
        body='', inline=True)
    eml('lure-image-only-heic.eml', 'Your Norton renewal', 'IMG_4471.HEIC', 'image/heic', heic,
        body='Sent from my iPhone\n')
    eml('ham-logo-only.eml', 'Lunch on Friday?', 'logo.png', 'image/png', logo,
        body='Hi, are we still on for lunch on Friday? Call me at +1 (415) 555-0134 if plans change.\n')


if __name__ == '__main__':
    main()
