#include "sipcore/util/random.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <random>
#include <stdexcept>

namespace sipcore::random {

namespace {

void fill(std::uint8_t *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::getrandom(data, size, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw std::runtime_error("getrandom failed"); // no entropy: nothing safe to do
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

} // namespace

std::string bytes(std::size_t count)
{
    std::string out(count, '\0');
    fill(reinterpret_cast<std::uint8_t *>(out.data()), count);
    return out;
}

std::string token(std::size_t length)
{
    static constexpr char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string out(length, '0');
    std::array<std::uint8_t, 64> bytes{};
    std::size_t used = bytes.size();
    for (std::size_t i = 0; i < length;) {
        if (used == bytes.size()) {
            fill(bytes.data(), bytes.size());
            used = 0;
        }
        const std::uint8_t b = bytes[used++];
        if (b >= 252) // 252 = 36 * 7: reject to keep the draw uniform
            continue;
        out[i++] = alphabet[b % 36];
    }
    return out;
}

std::string newBranch()
{
    return "z9hG4bK" + token(16);
}

std::string newTag()
{
    return token(12);
}

std::string newCallId()
{
    return token(24);
}

std::uint32_t between(std::uint32_t low, std::uint32_t high)
{
    thread_local std::minstd_rand generator{std::random_device{}()};
    return std::uniform_int_distribution<std::uint32_t>(low, high)(generator);
}

} // namespace sipcore::random
