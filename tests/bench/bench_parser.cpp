// bench_parser: SIP message parsing and serialisation speed, Ringback's parser beside sofia-sip,
// osip2 and libre in one run (issue 3, item 7). A Google Benchmark program; docs/BENCHMARKS.md
// ("Parser: ours vs sofia-sip, osip2, libre") has the method, the commands and the results.
//
// Benchmarks, for each of the two messages in bench_parser_messages.h (INVITE, 200OK):
//   <message>/parse/ours                     parseDatagram into a reused message + typed views
//   <message>/parse/sofia-sip|osip2|libre    each library's own whole-message parse and release
//   <message>/parse/ours:fresh-message       diagnostic: the same into a new message each time
//   <message>/parse/libre:decode-only        diagnostic: sip_msg_decode on a reused mbuf
//   <message>/serialize/ours                 Request/Response::serialize() of the parsed message
// Each reports allocs/iter and bytes/iter (heap allocations per parse or serialisation and the
// bytes requested, counted in an untimed pass after the timed loop, see AllocationCounter),
// new/iter (how many of those allocations came through operator new) and items_per_second
// (messages per second).
//
// Before anything is timed, every parser parses both messages once and what it found (Call-ID,
// Via, Contact and Record-Route counts, Request-URI host) is compared with what they hold. Any
// mismatch or rejection ends the program with status 1, so a parser that fails cannot post a
// time.

#include "allocationcounter.h"
#include "bench_parser_messages.h"
#include "benchsupport.h"
#include "libreparser.h"
#include "osip2parser.h"
#include "ringbackparser.h"
#include "sofiasipparser.h"

#include "sipcore/syntax/messageparser.h"

#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <string>
#include <variant>

namespace {

struct Sample
{
    std::string_view label;
    std::string_view text;
    MessageFacts expected;
};

void parseBenchmark(benchmark::State &state, ParserUnderTest &parser, std::string_view datagram)
{
    for (auto _ : state) {
        if (!parser.parse(datagram)) {
            state.SkipWithError("the parser rejected the message");
            return;
        }
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(datagram.size()));
    benchsupport::reportAllocations(state,
                                    [&] { benchmark::DoNotOptimize(parser.parse(datagram)); });
}

void serializeBenchmark(benchmark::State &state, std::string_view datagram)
{
    const auto parsed = sipcore::MessageParser::parseDatagram(datagram);
    if (!parsed) {
        state.SkipWithError("our parser rejected the message");
        return;
    }
    std::visit(
            [&](const auto &message) {
                for (auto _ : state) {
                    std::string wire = message.serialize();
                    benchmark::DoNotOptimize(wire.data());
                    benchmark::ClobberMemory();
                }
                state.SetItemsProcessed(state.iterations());
                benchsupport::reportAllocations(state, [&] {
                    std::string wire = message.serialize();
                    benchmark::DoNotOptimize(wire.data());
                });
            },
            *parsed);
}

std::string describe(const MessageFacts &facts)
{
    return "Call-ID " + facts.callId + ", " + std::to_string(facts.vias) + " Via, "
           + std::to_string(facts.contacts) + " Contact, " + std::to_string(facts.recordRoutes)
           + " Record-Route"
           + (facts.requestUriHost.empty() ? std::string()
                                           : ", Request-URI host " + facts.requestUriHost);
}

bool sameFacts(const MessageFacts &a, const MessageFacts &b)
{
    return a.callId == b.callId && a.vias == b.vias && a.contacts == b.contacts
           && a.recordRoutes == b.recordRoutes && a.requestUriHost == b.requestUriHost;
}

/// Every parser must find in every message what it holds. Prints one line per check.
bool checkParsers(const std::array<ParserUnderTest *, 6> &parsers,
                  const std::array<Sample, 2> &samples)
{
    bool allPassed = true;
    for (const Sample &sample : samples) {
        for (ParserUnderTest *parser : parsers) {
            const auto facts = parser->facts(sample.text);
            const bool passed = facts && sameFacts(*facts, sample.expected);
            std::fprintf(stderr, "check %-6s %-24s %s: %s\n", std::string(sample.label).c_str(),
                         parser->name().c_str(), passed ? "ok" : "FAILED",
                         facts ? describe(*facts).c_str() : "rejected the message");
            allPassed = allPassed && passed;
        }
        // Serialisation must give a message that parses to the same facts.
        const auto parsed = sipcore::MessageParser::parseDatagram(sample.text);
        const std::string wire
                = parsed ? std::visit([](const auto &m) { return m.serialize(); }, *parsed)
                         : std::string();
        RingbackParser reparser(RingbackParser::Mode::ReusedMessage);
        const auto facts = reparser.facts(wire);
        const bool passed = facts && sameFacts(*facts, sample.expected);
        std::fprintf(stderr, "check %-6s %-24s %s: %zu octets%s\n",
                     std::string(sample.label).c_str(), "ours:serialize", passed ? "ok" : "FAILED",
                     wire.size(),
                     wire == sample.text ? ", identical to the input" : ", differs from the input");
        allPassed = allPassed && passed;
    }
    return allPassed;
}

} // namespace

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;

    RingbackParser ours(RingbackParser::Mode::ReusedMessage);
    SofiaSipParser sofiaSip;
    Osip2Parser osip2;
    LibreParser libre(LibreParser::Buffer::FreshBuffer);
    RingbackParser oursFresh(RingbackParser::Mode::FreshMessage);
    LibreParser libreDecodeOnly(LibreParser::Buffer::ReusedBuffer);
    const std::array<ParserUnderTest *, 6> parsers{&ours,  &sofiaSip,  &osip2,
                                                   &libre, &oursFresh, &libreDecodeOnly};

    const std::array<Sample, 2> samples{{
            {.label = "INVITE",
             .text = benchparser::Invite,
             .expected = {.callId = std::string(benchparser::CallId),
                          .vias = 1,
                          .contacts = 1,
                          .recordRoutes = 0,
                          .requestUriHost = "biloxi.example.com"}},
            {.label = "200OK",
             .text = benchparser::Ok,
             .expected = {.callId = std::string(benchparser::CallId),
                          .vias = 3,
                          .contacts = 1,
                          .recordRoutes = 2,
                          .requestUriHost = {}}},
    }};

    if (!checkParsers(parsers, samples)) {
        std::fprintf(stderr, "bench_parser: a parser misread a message; nothing was timed\n");
        return 1;
    }

    for (const Sample &sample : samples) {
        const std::string_view text = sample.text;
        for (ParserUnderTest *parser : parsers) {
            const std::string name = std::string(sample.label) + "/parse/" + parser->name();
            benchmark::RegisterBenchmark(name.c_str(), [parser, text](benchmark::State &state) {
                parseBenchmark(state, *parser, text);
            });
        }
        const std::string name = std::string(sample.label) + "/serialize/ours";
        benchmark::RegisterBenchmark(
                name.c_str(), [text](benchmark::State &state) { serializeBenchmark(state, text); });
    }

    benchmark::AddCustomContext("cpu_model", benchsupport::cpuModel());
    benchmark::AddCustomContext("ringback_build_type", RINGBACK_BUILD_TYPE);
    benchmark::AddCustomContext("compiler", RINGBACK_COMPILER);
    benchmark::AddCustomContext("sofia_sip_version", RINGBACK_SOFIA_SIP_VERSION);
    benchmark::AddCustomContext("osip2_version", RINGBACK_OSIP2_VERSION);
    benchmark::AddCustomContext("libre_version", RINGBACK_LIBRE_VERSION);
    benchmark::AddCustomContext("allocation_counting",
                                AllocationCounter::countsMalloc()
                                        ? "malloc, calloc, realloc, memalign, aligned_alloc, "
                                          "posix_memalign (glibc interposition)"
                                        : "global operator new only");
    benchmark::AddCustomContext("message_octets",
                                "INVITE " + std::to_string(benchparser::Invite.size()) + ", 200OK "
                                        + std::to_string(benchparser::Ok.size()));

    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
