// Cosmos DB data-plane RBAC for one principal. Cosmos data-plane roles are sqlRoleAssignments, not
// Microsoft.Authorization role assignments, and accept any principal type.
// An app gets the account's metadata (readMetadata alone, a custom role: the SDK reads the account, database and
// container properties) at account scope, then the built-in Data Contributor on each container it writes and the
// built-in Data Reader on each container it only reads, each assignment scoped to that one container. The deploying
// developer (accountWide) gets Data Contributor on the whole account instead, to run the apps against the cloud.

param accountName string
param principalId string

@description('Database holding the containers.')
param databaseName string = 'commerce'

@description('Resource id of the custom role granting readMetadata alone (cosmos.bicep); empty with accountWide.')
param metadataRoleDefinitionId string = ''

@description('Containers the principal writes (Data Contributor on each).')
param writes string[] = []

@description('Containers the principal only reads (Data Reader on each).')
param reads string[] = []

@description('Data Contributor on the whole account (the deploying developer only; never an app).')
param accountWide bool = false

// Cosmos DB Built-in Data Reader and Data Contributor.
var dataReaderRoleId = '00000000-0000-0000-0000-000000000001'
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: accountName
}

var containerGrants = concat(
  map(writes, container => { container: container, role: dataContributorRoleId }),
  map(reads, container => { container: container, role: dataReaderRoleId })
)

resource metadata 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = if (!accountWide) {
  parent: account
  name: guid(account.id, principalId, metadataRoleDefinitionId)
  properties: {
    principalId: principalId
    roleDefinitionId: metadataRoleDefinitionId
    scope: account.id
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [
  for grant in (accountWide ? [] : containerGrants): {
    parent: account
    name: guid('${account.id}/dbs/${databaseName}/colls/${grant.container}', principalId, grant.role)
    properties: {
      principalId: principalId
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${grant.role}'
      scope: '${account.id}/dbs/${databaseName}/colls/${grant.container}'
    }
  }
]

resource whole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = if (accountWide) {
  parent: account
  name: guid(account.id, principalId, dataContributorRoleId)
  properties: {
    principalId: principalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    scope: account.id
  }
}
