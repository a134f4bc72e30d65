#pragma once

#include "sipcore/session/useragent.h"

#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace sipcore::media {

/// The echo test behind the address "echo": a user agent of its own, listening on UDP on a
/// loopback address, that answers every call at once with every codec we have and plays the
/// caller's audio back to it (EchoMedia), so a new user can check microphone, speaker and
/// the whole media path with no server.
///
/// Threads: construct, start() and destroy on the owner's thread; \a started runs on the
/// service's own core thread.
class EchoService
{
public:
    /// \a loopback: the address to listen on, 127.0.0.1 or ::1.
    explicit EchoService(std::string loopback);
    ~EchoService();
    EchoService(const EchoService &) = delete;
    EchoService &operator=(const EchoService &) = delete;

    /// Starts listening; \a started hears of the outcome: on success the URI to call
    /// ("sip:echo@127.0.0.1:port"), else a sentence saying what failed.
    void start(std::function<void(std::error_code error, std::string text)> started);

private:
    std::string m_loopback;
    std::unique_ptr<UserAgent> m_userAgent;
    std::vector<std::shared_ptr<Invitation>> m_calls; ///< core thread: the calls not over
};

} // namespace sipcore::media
