#include "mainwindow.h"

#include "callwindow.h"
#include "phone.h"
#include "settings.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

MainWindow::MainWindow(Phone *phone, Settings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_phone(phone)
    , m_settings(settings)
    , m_addressEdit(new QLineEdit(this))
    , m_callButton(new QPushButton(tr("Call"), this))
    , m_messageLabel(new QLabel(this))
{
    setWindowTitle(tr("Ringback"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/ringback.svg")));
    m_addressEdit->setObjectName(QStringLiteral("addressEdit"));
    m_addressEdit->setPlaceholderText(tr("sip:alice@example.com"));
    m_addressEdit->setAccessibleName(tr("SIP address"));
    m_addressEdit->setClearButtonEnabled(true);
    m_addressEdit->setText(settings->lastAddress());
    m_callButton->setObjectName(QStringLiteral("callButton"));
    m_callButton->setAccessibleName(tr("Call"));
    m_callButton->setDefault(true);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setWordWrap(true);

    auto *central = new QWidget(this);
    auto *row = new QHBoxLayout;
    row->addWidget(m_addressEdit, 1);
    row->addWidget(m_callButton);
    auto *layout = new QVBoxLayout(central);
    layout->addLayout(row);
    layout->addWidget(m_messageLabel);
    layout->addStretch();
    setCentralWidget(central);
    resize(420, 140);

    connect(m_callButton, &QPushButton::clicked, this, &MainWindow::onCallClicked);
    connect(m_addressEdit, &QLineEdit::returnPressed, this, &MainWindow::onCallClicked);
    connect(m_phone, &Phone::started, this, [this](const QString &sipAddress) {
        showMessage(tr("Ready: reachable at %1").arg(sipAddress), false);
    });
    connect(m_phone, &Phone::startFailed, this, [this](const QString &message) {
        showMessage(tr("Cannot start SIP: %1. Change the listen address in the settings "
                       "(sip/listen) or close the program that uses it.")
                            .arg(message),
                    true);
    });
}

void MainWindow::dial(const QString &address)
{
    m_addressEdit->setText(address);
    onCallClicked();
}

void MainWindow::onCallClicked()
{
    QString error;
    Call *call = m_phone->dial(m_addressEdit->text(), &error);
    if (!call) {
        showMessage(error, true);
        return;
    }
    m_settings->setLastAddress(m_addressEdit->text().trimmed());
    showMessage({}, false);
    auto *window = new CallWindow(call, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    Q_EMIT callWindowOpened(window);
}

void MainWindow::showMessage(const QString &text, bool error)
{
    m_messageLabel->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_messageLabel->setText(text);
}
