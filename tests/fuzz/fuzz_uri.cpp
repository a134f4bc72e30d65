// libFuzzer target: Uri::parse on arbitrary bytes; whatever parses must round-trip through
// toString() to an equal URI.
#include "sipcore/syntax/uri.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    auto uri = sipcore::Uri::parse(input);
    if (!uri)
        return 0;
    auto again = sipcore::Uri::parse(uri->toString());
    if (!again || !(*again == *uri))
        std::abort();
    return 0;
}
