#include "sipcore/transport/tlstransport.h"

#include "sipcore/transport/tlsconnection.h"
#include "sipcore/transport/transporterror.h"

namespace sipcore {

namespace ssl = boost::asio::ssl;

TlsTransport::TlsTransport(boost::asio::any_io_executor executor,
                           StreamTransportConfig config,
                           TlsSettings settings,
                           TimerFactory &timers,
                           const LoggerFactory &loggers)
    : StreamTransport("tls", std::move(executor), std::move(config), timers, loggers)
    , m_context(ssl::context::tls)
{
    m_context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2
                          | ssl::context::no_sslv3 | ssl::context::no_tlsv1
                          | ssl::context::no_tlsv1_1);
    const auto load = [this](std::string_view what, const std::string &file, auto &&loader) {
        boost::system::error_code ec;
        loader(ec);
        if (ec && m_problem.empty())
            m_problem
                    = "cannot load the TLS " + std::string(what) + " " + file + ": " + ec.message();
    };
    if (settings.caFile.empty())
        load("system certificate store", "",
             [&](auto &ec) { m_context.set_default_verify_paths(ec); });
    else
        load("CA file", settings.caFile,
             [&](auto &ec) { m_context.load_verify_file(settings.caFile, ec); });
    if (!settings.certificateFile.empty())
        load("certificate", settings.certificateFile,
             [&](auto &ec) { m_context.use_certificate_chain_file(settings.certificateFile, ec); });
    if (!settings.privateKeyFile.empty())
        load("private key", settings.privateKeyFile, [&](auto &ec) {
            m_context.use_private_key_file(settings.privateKeyFile, ssl::context::pem, ec);
        });
    m_context.set_verify_mode(settings.requireClientCertificate
                                      ? ssl::verify_peer | ssl::verify_fail_if_no_peer_cert
                                      : ssl::verify_none);
    if (!m_problem.empty())
        logger().error(m_problem);
}

std::error_code TlsTransport::listen()
{
    if (!m_problem.empty())
        return TransportError::TlsSettingsInvalid;
    return StreamTransport::listen();
}

std::shared_ptr<StreamConnection>
TlsTransport::createConnection(boost::asio::ip::tcp::socket socket,
                               const Endpoint &remote,
                               const std::string &serverName,
                               StreamConnection::Callbacks callbacks)
{
    return std::make_shared<TlsConnection>(std::move(socket), m_context, serverName, remote,
                                           timers().createTimer(), config().idleTimeout,
                                           std::move(callbacks), logger());
}

} // namespace sipcore
