// libFuzzer target: StreamFramer on arbitrary bytes. The oracle: framing the stream in one
// buffer and framing it as it arrives in chunks (sizes taken from the input) must yield the
// same messages and the same verdict; each framed message lies inside the buffer.
#include "sipcore/syntax/streamframer.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using sipcore::StreamFramer;

struct Outcome
{
    std::vector<std::string> messages;
    bool bad = false;
    bool operator==(const Outcome &) const = default;
};

/// Frames \a stream, delivered in pieces of \a chunk octets (0: all at once).
Outcome frameAll(std::string_view stream, std::size_t chunk)
{
    Outcome outcome;
    std::string buffer;
    std::size_t offset = 0;
    while (offset < stream.size() && !outcome.bad) {
        const std::size_t take = chunk == 0 ? stream.size() : chunk;
        buffer.append(stream.substr(offset, take));
        offset += take;
        for (;;) {
            const auto result = StreamFramer::frame(buffer);
            if (result.consumed > buffer.size())
                std::abort();
            if (result.status == StreamFramer::Status::Bad) {
                outcome.bad = true;
                break;
            }
            if (result.status == StreamFramer::Status::Complete) {
                if (result.message.data() < buffer.data()
                    || result.message.data() + result.message.size()
                               > buffer.data() + buffer.size())
                    std::abort();
                outcome.messages.emplace_back(result.message);
            }
            buffer.erase(0, result.consumed);
            if (result.status != StreamFramer::Status::Complete)
                break;
        }
    }
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t chunk = 1 + data[0] % 64;
    const std::string_view stream(reinterpret_cast<const char *>(data) + 1, size - 1);
    const Outcome whole = frameAll(stream, 0);
    const Outcome pieces = frameAll(stream, chunk);
    // A Bad verdict may come earlier in one buffer (a limit seen before more data arrives), so
    // compare the messages framed before either went bad.
    const std::size_t common = std::min(whole.messages.size(), pieces.messages.size());
    for (std::size_t i = 0; i < common; ++i) {
        if (whole.messages[i] != pieces.messages[i])
            std::abort();
    }
    if (!whole.bad && !pieces.bad && whole.messages != pieces.messages)
        std::abort();
    return 0;
}
