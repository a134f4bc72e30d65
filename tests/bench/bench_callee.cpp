// bench_callee: Ringback's SIP core as the callee of the SIPp call-rate benchmark (issue 4,
// item 6; bench_callrate starts it). One sipcore UserAgentCore with one UDP transport, run on
// one core thread (sipcore::CoreThread, as in the application); its delegate is an Answerer:
// 180, then 200 with SDP; the dialog absorbs the ACK and answers BYE 200.
//
//   bench_callee [--host 127.0.0.1] [--port 5060]
//
// Prints "listening udp HOST:PORT" once it receives. On SIGTERM or SIGINT it stops and prints
// "invites N acks N byes N ack-timeouts N". The core's warnings go to stderr. Exit status 1
// when the arguments are wrong or it cannot listen.

#include "answerer.h"

#include "sipcore/core/useragentcore.h"
#include "sipcore/transport/udptransport.h"
#include "sipcore/util/asiotimerfactory.h"
#include "sipcore/util/corethread.h"

#include <boost/asio/post.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

using namespace sipcore;

namespace {

/// Writes the core's log lines to stderr.
class StderrSink final : public LogSink
{
public:
    void write(LogLevel, std::string_view category, std::string_view message) override
    {
        std::cerr << category << ": " << message << '\n';
    }
};

/// What runs on the core thread; made, used and destroyed there only.
struct Callee
{
    Callee(CoreThread &thread, const UdpTransportConfig &config)
        : loggers(std::make_shared<StderrSink>(), LogLevel::Warning)
        , timers(thread.executor())
        , transport(thread.executor(), config, loggers)
        , answerer(config.host)
        , core(makeConfiguration(loggers), transport, timers)
    {
        core.setDelegate(&answerer);
    }

    static UserAgentCoreConfiguration makeConfiguration(const LoggerFactory &loggers)
    {
        UserAgentCoreConfiguration configuration;
        configuration.userAgent = "Ringback bench_callee";
        configuration.loggerFactory = loggers;
        return configuration;
    }

    LoggerFactory loggers;
    AsioTimerFactory timers;
    UdpTransport transport;
    Answerer answerer; // outlives the core it is the delegate of
    UserAgentCore core;
};

/// Runs \a work on the core thread and waits for its result.
template<class Work>
auto onCoreThread(CoreThread &thread, Work work)
{
    std::packaged_task<decltype(work())()> task(std::move(work));
    auto result = task.get_future();
    boost::asio::post(thread.executor(), [&task] { task(); });
    return result.get();
}

} // namespace

int main(int argc, char **argv)
{
    UdpTransportConfig config{.host = "127.0.0.1", .port = 5060};
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--host" && i + 1 < argc) {
            config.host = argv[++i];
        } else if (argument == "--port" && i + 1 < argc) {
            config.port = static_cast<std::uint16_t>(std::strtoul(argv[++i], nullptr, 10));
        } else {
            std::fprintf(stderr, "usage: bench_callee [--host ADDRESS] [--port PORT]\n");
            return 1;
        }
    }

    // Blocked before the core thread starts, so only sigwait() below ever takes them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    CoreThread thread;
    std::unique_ptr<Callee> callee;
    const std::error_code listenError = onCoreThread(thread, [&] {
        callee = std::make_unique<Callee>(thread, config);
        return callee->transport.listen();
    });
    if (listenError) {
        std::fprintf(stderr, "bench_callee: cannot listen on %s: %s\n",
                     Endpoint{config.host, config.port}.toString().c_str(),
                     listenError.message().c_str());
        onCoreThread(thread, [&] { callee.reset(); });
        return 1;
    }
    const std::string local
            = onCoreThread(thread, [&] { return callee->transport.localEndpoint().toString(); });
    std::printf("listening udp %s\n", local.c_str());
    std::fflush(stdout);

    int signal = 0;
    sigwait(&stopSignals, &signal);

    const Answerer::Counts counts = onCoreThread(thread, [&] {
        const Answerer::Counts seen = callee->answerer.counts();
        callee->transport.close();
        callee.reset();
        return seen;
    });
    thread.stop();
    std::printf("invites %llu acks %llu byes %llu ack-timeouts %llu\n",
                static_cast<unsigned long long>(counts.invites),
                static_cast<unsigned long long>(counts.acks),
                static_cast<unsigned long long>(counts.byes),
                static_cast<unsigned long long>(counts.ackTimeouts));
    return 0;
}
