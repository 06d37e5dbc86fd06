import Glibc
import HooklineOCREngine

// `hookline-ocr`: the OCR worker Hookline starts (never run by hand). It reads images
// from the socket on its stdin and answers on it until Hookline closes it (OCRWorker),
// so Tesseract, Leptonica, libheif and the libraries they pull in live here and never in
// the milter.
//
// Debian's Tesseract runs parts of recognition on OpenMP teams sized by the library
// itself; each team spins on every core, which doubles the CPU an image costs and defeats
// `ocr.workers` (measured: 4.9 s user + 1.7 s sys against 2.2 s + 0.03 s for the same 16
// images). libgomp reads OMP_THREAD_LIMIT only when it is loaded, before any of our code,
// so the one way to set it is before the process starts: Hookline puts it in the
// environment it starts this child with (OCRChild), and a child started otherwise sets it
// and starts again, once.
if getenv("OMP_THREAD_LIMIT") == nil {
    setenv("OMP_THREAD_LIMIT", "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    // exec failed: carry on with OpenMP's defaults, slower but correct.
}
OCRWorker.serve(fd: 0)
