#!/usr/bin/env python3
# `python3 scripts/icons.py`: draws public/icon/*.png (a dot and two sound waves on Earshot blue),
# supersampled for smooth edges, with nothing but the standard library.
import math, struct, zlib, sys
def png(path, size, pixels):
    raw = b''.join(b'\x00' + bytes(pixels[y * size * 4:(y + 1) * size * 4]) for y in range(size))
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))
def inside(x, y):
    # unit square coordinates 0..1; returns 'bg', 'fg' or None
    r = 0.19
    cx = min(max(x, r), 1 - r); cy = min(max(y, r), 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r: return None
    ox, oy = 0.33, 0.5
    d = math.hypot(x - ox, y - oy)
    ang = math.degrees(math.atan2(y - oy, x - ox))
    if d < 0.095: return 'fg'
    for radius in (0.25, 0.41):
        if abs(d - radius) < 0.045 and -55 <= ang <= 55: return 'fg'
    return 'bg'
def draw(size, ss=4):
    px = []
    for y in range(size):
        for x in range(size):
            bg = fg = 0
            for sy in range(ss):
                for sx in range(ss):
                    k = inside((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size)
                    if k == 'bg': bg += 1
                    elif k == 'fg': fg += 1
            n = ss * ss
            a = (bg + fg) / n
            if a == 0: px += [0, 0, 0, 0]; continue
            f = fg / (bg + fg)
            c = [round(10 + (255 - 10) * f), round(95 + (255 - 95) * f), round(194 + (255 - 194) * f)]
            px += c + [round(255 * a)]
    return px
for s in (16, 32, 48, 96, 128):
    png(f'public/icon/{s}.png', s, draw(s))
