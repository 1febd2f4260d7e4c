/*
 * Test-only stand-in for Windows' bcryptprimitives.dll under wine 8 (Debian 12), which has no
 * such DLL. Rust's standard library (1.78 and later) takes its random seeds from
 * ProcessPrng there; Windows 10 and 11 have it. scripts/dist.sh builds this with mingw and puts
 * it into the throw-away wine prefix it tests the .exe in. It is never shipped.
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 as SystemFunction036. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE; /* Windows' ProcessPrng never fails */
}
