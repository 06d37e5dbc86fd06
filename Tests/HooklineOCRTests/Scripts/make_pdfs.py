#!/usr/bin/python3
"""Regenerates the image-only PDF fixtures in ../Fixtures (committed; rerun only to change them).

A scanned "invoice" PDF has no text layer, only its page as an image object. Office scanners
and img2pdf-style tools keep that image as raw samples deflated (FlateDecode), often behind a
PNG predictor, in grey, RGB or one bit a pixel: these lures are written that way by a tiny PDF
writer below. Hostile ones, named for what they attack, lie about their size, inflate without
end or carry garbage. Needs what make_images.py needs (Pillow, DejaVu fonts).

    /usr/bin/python3 Tests/HooklineOCRTests/Scripts/make_pdfs.py
"""
import os, sys, zlib

sys.dont_write_bytecode = True  # no __pycache__ beside the fixtures
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_images import NORTON, PAYPAL, render, save  # noqa: E402


def pdf(image_dict, stream, width=612, height=396):
    """One page showing one image XObject (object 4), no text at all."""
    content = f'q {width} 0 0 {height} 0 0 cm /Im0 Do Q\n'.encode()
    objects = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        (f'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] '
         f'/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>').encode(),
        b'<< /Type /XObject /Subtype /Image ' + image_dict + b' /Length %d >>\nstream\n' % len(stream)
        + stream + b'\nendstream',
        b'<< /Length %d >>\nstream\n' % len(content) + content + b'endstream',
    ]
    out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % i + body + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1)
    out += b''.join(b'%010d 00000 n \n' % o for o in offsets)
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objects) + 1, xref)
    return bytes(out)


def png_up_rows(raw, row_bytes):
    """PNG predictor rows, each filtered with 'Up' (type 2): what /Predictor 12 and above decode."""
    rows, prev = [], bytes(row_bytes)
    for i in range(0, len(raw), row_bytes):
        row = raw[i:i + row_bytes]
        rows.append(b'\x02' + bytes((a - b) & 0xff for a, b in zip(row, prev)))
        prev = row
    return b''.join(rows)


def main():
    norton = render(NORTON)
    w, h = norton.size
    grey = norton.convert('L').tobytes()
    # Grey, 8 bits, PNG predictor: the common scanner output.
    save('lure-flate-grey-predictor.pdf', pdf(
        b'/Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode '
        b'/DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns %d >>' % (w, h, w),
        zlib.compress(png_up_rows(grey, w), 9)))
    # RGB, 8 bits, no predictor.
    paypal = render(PAYPAL, size=(760, 380), bg=(246, 250, 255), fg=(0, 48, 135))
    save('lure-flate-rgb.pdf', pdf(
        b'/Width 760 /Height 380 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode',
        zlib.compress(paypal.convert('RGB').tobytes(), 9)))
    # One bit a pixel (a fax-like black-and-white scan), 1 = white as in DeviceGray.
    bits = norton.convert('L').point(lambda v: 255 if v > 128 else 0).convert('1').tobytes()
    save('lure-flate-bitmap.pdf', pdf(
        b'/Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode' % (w, h),
        zlib.compress(bits, 9)))

    # Hostile.
    gdict = b'/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode'
    # 60000 x 60000 declared: refused from the dictionary, nothing inflated.
    save('hostile-pdf-flate-huge-dimensions.pdf', pdf(b'/Width 60000 /Height 60000 ' + gdict, zlib.compress(grey, 9)))
    # The rows of 760 x 430, declared 760 x 2000: the data ends early.
    save('hostile-pdf-flate-lying-height.pdf', pdf(b'/Width %d /Height 2000 ' % w + gdict, zlib.compress(grey, 9)))
    # 48 MB of zeros deflated to ~48 KB behind an 800 x 600 image: inflating stops at 480,000 bytes.
    comp = zlib.compressobj(9)
    bomb = b''.join(comp.compress(bytes(1 << 20)) for _ in range(48)) + comp.flush()
    save('hostile-pdf-flate-inflate-bomb.pdf', pdf(b'/Width 800 /Height 600 ' + gdict, bomb))
    # FlateDecode that is not deflate data.
    save('hostile-pdf-flate-garbage.pdf', pdf(b'/Width 800 /Height 600 ' + gdict, bytes(range(256)) * 16))
    # A PNG predictor row naming filter type 9 (there are five).
    bad = bytearray(png_up_rows(grey, w))
    bad[(w + 1) * 40] = 9
    save('hostile-pdf-flate-bad-predictor.pdf', pdf(
        b'/Width %d /Height %d ' % (w, h) + gdict + b' /DecodeParms << /Predictor 12 /Columns %d >>' % w,
        zlib.compress(bytes(bad), 9)))
    # The width given by reference: not believed.
    save('hostile-pdf-flate-indirect-width.pdf', pdf(b'/Width 9 0 R /Height %d ' % h + gdict, zlib.compress(grey, 9)))


if __name__ == '__main__':
    main()
