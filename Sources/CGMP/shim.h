// libgmp, used for big-integer text conversion and as a test oracle — never in a hot loop.
#if __has_include(<gmp.h>)
#include <gmp.h>
#else
#error "libgmp not found. Install it: `sudo apt-get install -y libgmp-dev` (Debian/Ubuntu), `sudo dnf install gmp-devel` (Fedora), `brew install gmp` (macOS)."
#endif
