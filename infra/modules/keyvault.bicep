// The payment secrets of the orders app. RBAC authorization (no access policies), purge protection
// and soft delete on, and one role assignment: the orders identity may read secret values (Key Vault
// Secrets User) and nothing else. The apps never see a value in their settings: they get Key Vault
// references, resolved by the platform with the app's own identity.

param name string
param location string
param tags object

@description('Principal id of the orders app\'s identity: the only reader of the secrets.')
param readerPrincipalId string

@secure()
@minLength(1)
@description('Stripe secret API key (sk_live_... / rk_live_...).')
param stripeApiKey string

@secure()
@minLength(1)
@description('Stripe webhook endpoint signing secret (whsec_...).')
param stripeWebhookSecret string

@secure()
@minLength(32)
@description('Key that seals payment tokens inside checkout saga inputs: 32 random bytes, base64.')
param paymentTokenKey string

@secure()
@description('Keys a rotation of paymentTokenKey replaced, comma separated; empty when no rotation is under way (no secret then).')
param paymentTokenPreviousKeys string = ''

var previousKeysSecretName = 'payment-token-previous-keys'

// Key Vault Secrets User: read secret contents; cannot list keys, manage secrets or change the vault.
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// Names are the ones the orders app's settings refer to (see the references output).
resource stripeApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'stripe-api-key'
  properties: {
    value: stripeApiKey
    contentType: 'text/plain'
  }
}

resource stripeWebhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'stripe-webhook-secret'
  properties: {
    value: stripeWebhookSecret
    contentType: 'text/plain'
  }
}

resource paymentTokenKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'payment-token-key'
  properties: {
    value: paymentTokenKey
    contentType: 'text/plain'
  }
}

resource paymentTokenPreviousKeysSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(paymentTokenPreviousKeys)) {
  parent: vault
  name: previousKeysSecretName
  properties: {
    value: paymentTokenPreviousKeys
    contentType: 'text/plain'
  }
}

resource readerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, secretsUserRoleId)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri

@description('Key Vault reference app-setting values, by secret name (versionless: the app picks up rotations). The previous-keys secret exists only during a rotation: name it only then.')
output references object = {
  stripeApiKey: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${stripeApiKeySecret.name})'
  stripeWebhookSecret: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${stripeWebhookSecretSecret.name})'
  paymentTokenKey: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${paymentTokenKeySecret.name})'
  paymentTokenPreviousKeys: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${previousKeysSecretName})'
}
