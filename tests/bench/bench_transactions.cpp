// bench_transactions: SIP transactions created, answered, completed and terminated per second
// by two sipcore user-agent cores joined in memory (issue 4, item 6). A Google Benchmark
// program; docs/BENCHMARKS.md ("Core: transactions in memory, calls under SIPp") has the method,
// the commands and the results.
//
// A CorePair (caller and callee core, MemoryTransports, one virtual clock) runs on one thread.
// One iteration is, for each benchmark:
//   OPTIONS/<transport>   caller.request(OPTIONS); the callee's core answers 200
//   INVITE/<transport>    caller.invite(INVITE with SDP); the callee answers 180 and 200 with
//                         SDP; the caller's dialog sends the ACK, the callee's absorbs it
//   call/<transport>      INVITE as above, then the caller's dialog sends BYE, answered 200
//                         (the message flow of SIPp's uac scenario against its uas scenario)
// then virtual time moves on by 64·T1, so that every transaction of the iteration (client and
// server, on both cores) reaches Terminated and its objects are released. Each message is
// serialised by its sender and parsed by its receiver. <transport> is udp (unreliable: Timers
// K, J, L, M run) or tcp (reliable memory transport). items_per_second counts transactions
// (a client transaction and the server transaction it meets: 1 per OPTIONS or INVITE, 2 per
// call); calls_per_second counts INVITEs (INVITE, call). allocs/iter, bytes/iter and new/iter are
// counted in an untimed pass after the timed loop (see AllocationCounter).
//
// A benchmark reports an error, and no time, when a response is missing or a core still holds
// a transaction or dialog at the end.

#include "benchsupport.h"
#include "corepair.h"

#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/core/useragentclient.h"

#include <benchmark/benchmark.h>

#include <string>

using namespace sipcore;

namespace {

/// Counts 2xx final responses; for an INVITE it ACKs the dialog and keeps it for the BYE.
struct Caller final : OutgoingInviteRequestDelegate
{
    void onAccept(const Response &) override { ++accepted; }
    void onAcceptSession(const Response &, const std::shared_ptr<SessionDialog> &session) override
    {
        session->ack();
        dialog = session;
        ++accepted;
    }

    std::uint64_t accepted = 0;
    std::shared_ptr<SessionDialog> dialog;
};

enum class Exchange { Options, Invite, Call };

/// One iteration: the exchange, then 64·T1 of virtual time.
void runOnce(CorePair &pair, Exchange exchange, Caller &caller, Caller &byeCaller)
{
    if (exchange == Exchange::Options) {
        auto client = pair.caller().request(pair.makeRequest("OPTIONS"), &caller);
        pair.pump();
        pair.settle();
        return;
    }
    auto client = pair.caller().invite(pair.makeRequest("INVITE"), &caller);
    pair.pump();
    if (exchange == Exchange::Call && caller.dialog) {
        auto bye = caller.dialog->bye(&byeCaller);
        pair.pump();
    }
    caller.dialog.reset();
    pair.settle();
}

void exchangeBenchmark(benchmark::State &state, Exchange exchange, bool reliable)
{
    CorePair pair(reliable);
    Caller caller;
    Caller byeCaller;
    for (auto _ : state)
        runOnce(pair, exchange, caller, byeCaller);

    const auto iterations = static_cast<std::uint64_t>(state.iterations());
    const bool answered = caller.accepted == iterations
                          && (exchange != Exchange::Call || byeCaller.accepted == iterations);
    if (!answered || !pair.isIdle()) {
        state.SkipWithError(answered ? "a core still holds a transaction or dialog"
                                     : "a request got no 2xx");
        return;
    }
    const int transactions = exchange == Exchange::Call ? 2 : 1;
    state.SetItemsProcessed(state.iterations() * transactions);
    if (exchange != Exchange::Options)
        state.counters["calls_per_second"] = benchmark::Counter(
                static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    benchsupport::reportAllocations(state, [&] { runOnce(pair, exchange, caller, byeCaller); });
}

} // namespace

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;

    const struct
    {
        const char *name;
        Exchange exchange;
    } exchanges[] = {
            {"OPTIONS", Exchange::Options}, {"INVITE", Exchange::Invite}, {"call", Exchange::Call}};
    for (const auto &[name, exchange] : exchanges) {
        for (const bool reliable : {false, true}) {
            const std::string label = std::string(name) + (reliable ? "/tcp" : "/udp");
            benchmark::RegisterBenchmark(label.c_str(),
                                         [exchange, reliable](benchmark::State &state) {
                                             exchangeBenchmark(state, exchange, reliable);
                                         });
        }
    }
    benchmark::AddCustomContext("cpu_model", benchsupport::cpuModel());
    benchmark::AddCustomContext("ringback_build_type", RINGBACK_BUILD_TYPE);
    benchmark::AddCustomContext("compiler", RINGBACK_COMPILER);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
