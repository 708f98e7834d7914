// Queue-scoped storage roles for one principal: each grant names one queue and one role, so the principal
// can touch those queues and nothing else in the account.

param storageAccountName string
param principalId string

@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string = 'ServicePrincipal'

@description('Grants: { queue: name of the queue, role: role definition id (GUID) }.')
param grants array

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource queueService 'queueServices' existing = {
    name: 'default'
  }
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = [
  for grant in grants: {
    parent: storage::queueService
    name: grant.queue
  }
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (grant, i) in grants: {
    name: guid(queues[i].id, principalId, grant.role)
    scope: queues[i]
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.role)
    }
  }
]
