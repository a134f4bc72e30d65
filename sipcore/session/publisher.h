#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/syntax/nameaddr.h"
#include "sipcore/util/timer.h"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sipcore {

class UserAgentClient;
class UserAgentCore;

/// What a Publisher publishes, as whom and through where.
struct PublisherOptions
{
    /// The event package (RFC 3903 §4): "presence", "dialog", …
    std::string event = "presence";
    /// The Content-Type of the bodies published.
    std::string contentType = "application/pidf+xml";
    /// The publication lifetime asked for (a 423 raises it to the server's Min-Expires).
    std::chrono::seconds expires{3600};
    /// Our identity (From without its tag); the core's AOR when unset.
    std::optional<NameAddr> from;
    /// Route headers of every PUBLISH: an outbound proxy (with ;lr).
    std::vector<NameAddr> routeSet;
};

/// Keeps one piece of event state published at an event state compositor (RFC 3903, SIP.js's
/// Publisher).
///
///   Initial --publish(body)--> Published --publish(body)--> Published (modified)
///                 |                |   \--refresh-->       Published
///                 +--failure--> Failed  \--unpublish()-->  Unpublished
///
/// - The first PUBLISH carries the body and no SIP-If-Match; each 2xx gives the entity tag
///   (SIP-ETag) that every later PUBLISH names in SIP-If-Match, and the lifetime granted
///   (Expires; else what we asked for).
/// - The publication is refreshed at nine tenths of that lifetime by a PUBLISH without a body
///   (§4.4); publish() again modifies it (§4.5); unpublish() removes it with Expires: 0
///   (§4.6).
/// - 412 Conditional Request Failed (the compositor lost our entity): published again from
///   scratch, with the last body (§4.4); a removal is then done. 423 Interval Too Brief:
///   again at once with the Min-Expires it names. Any other failure: Failed.
/// - One PUBLISH at a time (§4.1): what is asked meanwhile is sent after its response, the
///   newest body winning. One Call-ID for every PUBLISH, CSeq one up each time.
///
/// Threads: publish() and unpublish() may be called from any thread; they post onto the core
/// executor. The listener runs on the core thread after every change; dispose() and status()
/// are for the core thread only.
class Publisher : public std::enable_shared_from_this<Publisher>, private OutgoingRequestDelegate
{
public:
    enum class State { Initial, Published, Unpublished, Failed, Terminated };
    struct Status
    {
        State state = State::Initial;
        bool waiting = false; ///< a PUBLISH is on its way
        int statusCode = 0;   ///< of the last response (408/503 also made here)
        std::string reasonPhrase;
        std::string entityTag;           ///< Published: the compositor's SIP-ETag
        std::chrono::seconds expires{0}; ///< Published: the lifetime granted
    };
    using Listener = std::function<void(const Status &)>;

    /// Publishes the state of \a target (the Request-URI, To and usually our AOR).
    Publisher(UserAgentCore &core,
              boost::asio::any_io_executor executor,
              Uri target,
              PublisherOptions options,
              Listener listener = {});
    ~Publisher() override;
    Publisher(const Publisher &) = delete;
    Publisher &operator=(const Publisher &) = delete;

    /// Publishes \a body, or replaces what was published with it.
    void publish(std::string body);
    /// Removes the publication; nothing when none is up or on its way. \a done runs on the
    /// core thread once no PUBLISH is on its way or waiting any more (the removal answered,
    /// whatever the answer), at once when there was nothing to remove, or on dispose().
    void unpublish(std::function<void()> done = {});
    /// Core thread only: stops every timer and request; no more listener calls.
    void dispose();
    /// Core thread only.
    const Status &status() const { return m_status; }

private:
    /// What the next PUBLISH is for.
    enum class Intent { None, Publish, Remove };

    void doPublish(std::string body);
    void doUnpublish(std::function<void()> done);
    /// Runs what unpublish() was given once no PUBLISH is on its way.
    void settle();
    /// Sends the PUBLISH for \a intent: the body unless it is a refresh or a removal, the
    /// entity tag once there is one.
    void send(Intent intent, bool withBody);
    /// Sends what was asked while a PUBLISH was on its way, if anything.
    void sendPending();
    /// Takes \a response, the final one to the PUBLISH on its way, into the status.
    void update(const Response &response);
    void notify();
    Timer &timer();

    // OutgoingRequestDelegate
    void onAccept(const Response &response) override;
    void onRedirect(const Response &response) override { onReject(response); }
    void onReject(const Response &response) override;

    UserAgentCore &m_core;
    boost::asio::any_io_executor m_executor;
    Uri m_target;
    PublisherOptions m_options;
    Listener m_listener;
    Status m_status;
    std::string m_callId;
    std::uint32_t m_cseq = 0;
    std::string m_body;              ///< the newest body asked for
    bool m_bodySent = false;         ///< the compositor has m_body (or it is on its way)
    Intent m_sending = Intent::None; ///< what the PUBLISH on its way is for
    Intent m_pending = Intent::None; ///< what to send after it
    bool m_republished = false;      ///< a 412 was answered from scratch once already
    std::shared_ptr<UserAgentClient> m_client;
    std::unique_ptr<Timer> m_timer;                   ///< the refresh, made on first use
    std::vector<std::function<void()>> m_unpublished; ///< unpublish()'s, until settle()
    bool m_disposed = false;
};

} // namespace sipcore
