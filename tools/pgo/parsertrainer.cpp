// The training run of the parser's profile-guided build (see CMakeLists.txt here): parses,
// frames and serializes every message given, many times over, with an instrumented copy of
// sipcore_syntax, so that the profile it leaves says which paths a softphone's traffic takes.
//
// Usage: parsertrainer ROUNDS FILE...
// A file named *.sip is a message a peer really sends and must parse; any other (the RFC 4475
// and RFC 5118 torture messages) may be rejected, and trains the paths that reject it.
// Exits 1 when a *.sip file is unreadable or does not parse, 2 on bad usage.

#include "sipcore/syntax/messageparser.h"
#include "sipcore/syntax/streamframer.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <variant>
#include <vector>

namespace {

struct Sample
{
    std::string path;
    std::string bytes;
    bool mustParse = false;
};

// Reads \a message as the layers above read a message they receive; the number of values
// read, so that nothing is optimised away.
std::size_t readAsTheStackDoes(const sipcore::SipMessage &message)
{
    using sipcore::HeaderId;
    using sipcore::HeaderValue;
    std::size_t read = 0;
    read += message.topViaView().ok() + message.fromView().ok() + message.toView().ok()
            + message.callIdView().ok() + message.cseqView().ok();
    read += message.topVia().ok() + message.from().ok() + message.to().ok() + message.cseq().ok()
            + message.maxForwards().ok();
    read += message.contacts().ok() + message.routes().ok() + message.recordRoutes().ok();
    message.forEachValue(HeaderId::Via, [&](const HeaderValue &value) {
        read += value.as<sipcore::ViaView>() != nullptr;
    });
    for (const HeaderId id : {HeaderId::Contact, HeaderId::RecordRoute, HeaderId::Route}) {
        message.forEachValue(id, [&](const HeaderValue &value) {
            read += value.as<sipcore::NameAddrView>() != nullptr;
        });
    }
    return read;
}

std::size_t valuesRead = 0;

// Parses \a bytes as a datagram and as a stream, reads what parsed as the stack does and
// serializes it; false when the datagram did not parse.
bool train(const std::string &bytes)
{
    sipcore::SipMessageVariant message;
    if (sipcore::MessageParser::parseDatagram(bytes, message))
        return false;
    valuesRead += std::visit([](const auto &m) { return readAsTheStackDoes(m); }, message);
    const std::string wire = std::visit([](const auto &m) { return m.serialize(); }, message);
    const auto framed = sipcore::StreamFramer::frame(wire);
    return framed.status == sipcore::StreamFramer::Status::Complete;
}

} // namespace

int main(int argc, char **argv)
{
    const int rounds = argc > 2 ? std::atoi(argv[1]) : 0;
    if (rounds <= 0) {
        std::fprintf(stderr, "usage: parsertrainer ROUNDS FILE...\n");
        return 2;
    }
    std::vector<Sample> samples;
    for (int i = 2; i < argc; ++i) {
        Sample sample;
        sample.path = argv[i];
        sample.mustParse = sample.path.ends_with(".sip");
        std::ifstream in(sample.path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "parsertrainer: cannot read %s\n", argv[i]);
            return 1;
        }
        sample.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        samples.push_back(std::move(sample));
    }
    int parsed = 0;
    for (const Sample &sample : samples) {
        if (train(sample.bytes)) {
            ++parsed;
        } else if (sample.mustParse) {
            std::fprintf(stderr, "parsertrainer: %s does not parse\n", sample.path.c_str());
            return 1;
        }
    }
    for (int round = 1; round < rounds; ++round) {
        for (const Sample &sample : samples)
            train(sample.bytes);
    }
    std::printf("parsertrainer: %d rounds of %zu messages (%d parse, %zu values read)\n", rounds,
                samples.size(), parsed, valuesRead);
    return 0;
}
